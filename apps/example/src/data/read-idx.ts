import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { failReading } from './reading-error';

/** A decoded IDX array (the format of the MNIST family): unsigned bytes with their dimensions. */
export interface IdxArray {
  /** Dimension sizes, outermost first, e.g. `[60000, 28, 28]` for images and `[60000]` for labels. */
  shape: number[];
  /** The values, row-major, one byte each. */
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const GZIP_MAGIC = [0x1f, 0x8b];

const fail = (source: string, expected: string, got: string): never => failReading('readIdx', source, expected, got);

/**
 * Decodes an IDX file (optionally gzip-compressed) holding unsigned bytes, as the MNIST and Fashion-MNIST files do.
 *
 * Checks the magic number (two zero bytes, type `0x08`, 1–4 dimensions), that every dimension is positive and that
 * the payload has exactly the size the header announces; anything else is an `InvalidArgumentError` that names the
 * file.
 *
 * @example
 * ```ts
 * import { readIdx } from './read-idx';
 * const labels = readIdx('data/fashion-mnist/t10k-labels-idx1-ubyte.gz');
 * console.log(labels.shape); // [10000]
 * ```
 */
export function readIdx(path: string, bytes: Uint8Array = readFileSync(path)): IdxArray {
  let raw = bytes;
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
    try {
      raw = gunzipSync(raw);
    } catch (cause) {
      fail(path, 'be a readable gzip file', `a corrupt gzip stream (${(cause as Error).message})`);
    }
  }
  if (raw.length < 4) fail(path, 'start with a 4-byte IDX header', `${raw.length} bytes`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const rank = raw[3] as number;
  if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== UNSIGNED_BYTE || rank < 1 || rank > 4) {
    const magic = Array.from(raw.subarray(0, 4), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
    fail(path, 'be an IDX file of unsigned bytes (magic 00 00 08 0N with N in 1..4)', `magic ${magic}`);
  }
  const headerLength = 4 + 4 * rank;
  if (raw.length < headerLength) fail(path, `hold a ${headerLength}-byte header`, `${raw.length} bytes`);
  const shape = Array.from({ length: rank }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  if (shape.some((size) => size === 0)) fail(path, 'have positive dimensions', `shape [${shape.join(', ')}]`);
  const size = shape.reduce((product, value) => product * value, 1);
  if (raw.length - headerLength !== size) {
    fail(path, `hold ${size} values after the header for shape [${shape.join(', ')}]`, `${raw.length - headerLength}`);
  }
  return { shape, data: raw.slice(headerLength) };
}
