import { readFileSync, statSync } from 'node:fs';
import { failReading } from './reading-error';

/** The two binary layouts of the CIFAR datasets (the "binary version" of each on the CIFAR page). */
export type CifarLayout = 'cifar-10' | 'cifar-100';

/** Decoded CIFAR records: 32×32 RGB images as row-major height × width × channel bytes, and their labels. */
export interface CifarRecords {
  /** Pixel bytes, `count · 32 · 32 · 3` long, channels last (the files store each image's channels as planes). */
  images: Uint8Array;
  /** Class indices (CIFAR-100: the fine label). */
  labels: Int32Array;
  /** Number of images. */
  count: number;
}

/** Side of a CIFAR image. */
export const CIFAR_SIZE = 32;
const PIXELS = CIFAR_SIZE * CIFAR_SIZE;
const IMAGE_BYTES = 3 * PIXELS;

/** Label bytes before each image, the byte holding the label used, and the class count of each layout. */
const LAYOUTS: Record<CifarLayout, { labelBytes: number; labelAt: number; classes: number }> = {
  'cifar-10': { labelBytes: 1, labelAt: 0, classes: 10 },
  'cifar-100': { labelBytes: 2, labelAt: 1, classes: 100 },
};

const fail = (source: string, expected: string, got: string): never => failReading('readCifar', source, expected, got);

/**
 * Decodes CIFAR binary files and joins them in the order given: CIFAR-10 records are one label byte and 3 072 image
 * bytes (the red, green and blue 32×32 planes), CIFAR-100 records a coarse and a fine label byte before the image
 * (the fine label is kept). A file whose size is not a whole number of records, or a label outside the layout's
 * classes, is an `InvalidArgumentError` naming the file (and the record).
 *
 * @example
 * ```ts
 * import { readCifar } from './read-cifar';
 * const test = readCifar(['cifar-10-batches-bin/test_batch.bin'], 'cifar-10');
 * console.log(test.count, test.images.length); // 10000 30720000
 * ```
 */
export function readCifar(paths: readonly string[], layout: CifarLayout): CifarRecords {
  const { labelBytes, labelAt, classes } = LAYOUTS[layout];
  const record = labelBytes + IMAGE_BYTES;
  const files = paths.map((path) => {
    if (!statSync(path).isFile()) fail(path, 'be a file', 'a folder');
    const bytes = readFileSync(path);
    if (bytes.length === 0 || bytes.length % record !== 0) {
      fail(path, `hold whole ${layout} records of ${record} bytes`, `${bytes.length} bytes`);
    }
    return { path, bytes };
  });
  const count = files.reduce((total, file) => total + file.bytes.length / record, 0);
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Int32Array(count);
  let at = 0;
  for (const { path, bytes } of files) {
    for (let offset = 0; offset < bytes.length; offset += record) {
      const label = bytes[offset + labelAt] as number;
      if (label >= classes) {
        fail(path, `have labels below ${classes}`, `label ${label} in record ${offset / record}`);
      }
      labels[at] = label;
      const planes = offset + labelBytes;
      const image = at * IMAGE_BYTES;
      for (let pixel = 0; pixel < PIXELS; pixel += 1) {
        const to = image + 3 * pixel;
        images[to] = bytes[planes + pixel] as number;
        images[to + 1] = bytes[planes + PIXELS + pixel] as number;
        images[to + 2] = bytes[planes + 2 * PIXELS + pixel] as number;
      }
      at += 1;
    }
  }
  return { images, labels, count };
}
