/** One split of the playground's Fashion-MNIST subset: pixels in [0, 1] and labels. */
export interface Split {
  /** `count · pixels` values in [0, 1], row-major. */
  images: Float32Array;
  labels: Int32Array;
  count: number;
}

/** The decoded subset: training and test splits of 28×28 images. */
export interface Dataset {
  pixels: number;
  train: Split;
  test: Split;
}

/** Fashion-MNIST's class names, indexed by label. */
export const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * Decodes the uncompressed bytes of the subset asset (layout in scripts/make-dataset.ts: magic `FMN1`, three uint32
 * counts, train images, train labels, test images, test labels).
 *
 * @example
 * ```ts
 * import { decodeDataset } from './dataset';
 * const header = new Uint8Array(16);
 * header.set([70, 77, 78, 49]);
 * const bytes = new Uint8Array([...header, 255, 3]);
 * new DataView(bytes.buffer).setUint32(4, 1, true);
 * new DataView(bytes.buffer).setUint32(12, 1, true);
 * console.log(decodeDataset(bytes).train.labels); // Int32Array [3]
 * ```
 */
export function decodeDataset(bytes: Uint8Array): Dataset {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'FMN1') throw new Error(`decodeDataset: expected the magic 'FMN1', got '${magic}'`);
  const trainCount = view.getUint32(4, true);
  const testCount = view.getUint32(8, true);
  const pixels = view.getUint32(12, true);
  let offset = 16;
  const take = (length: number): Uint8Array => {
    const part = bytes.subarray(offset, offset + length);
    offset += length;
    return part;
  };
  const split = (count: number): { images: Uint8Array; labels: Uint8Array; count: number } => ({
    images: take(count * pixels),
    labels: take(count),
    count,
  });
  const train = split(trainCount);
  const test = split(testCount);
  if (offset !== bytes.length) throw new Error(`decodeDataset: expected ${offset} bytes, got ${bytes.length}`);
  const toSplit = (raw: { images: Uint8Array; labels: Uint8Array; count: number }): Split => ({
    images: Float32Array.from(raw.images, (value) => value / 255),
    labels: Int32Array.from(raw.labels),
    count: raw.count,
  });
  return { pixels, train: toSplit(train), test: toSplit(test) };
}

/**
 * Fetches the gzipped subset from `url`, calling `onProgress` with the fraction downloaded (when the server sends a
 * length), gunzips it with the browser's `DecompressionStream` and decodes it.
 *
 * @example
 * ```ts
 * import { loadDataset } from './dataset';
 * // const data = await loadDataset('/fashion-mnist-subset.bin', (fraction) => console.log(fraction));
 * ```
 */
export async function loadDataset(url: string, onProgress: (fraction: number) => void): Promise<Dataset> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) throw new Error(`loadDataset: ${url} answered ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  let received = 0;
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.length;
        if (total > 0) onProgress(Math.min(1, received / total));
        controller.enqueue(chunk);
      },
    }),
  );
  const unzipped = counted.pipeThrough(
    new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
  );
  const bytes = new Uint8Array(await new Response(unzipped).arrayBuffer());
  onProgress(1);
  return decodeDataset(bytes);
}
