// Writes public/fashion-mnist-subset.bin (gzip inside, without the .gz name that makes servers send it as
// Content-Encoding: gzip): the first TRAIN_COUNT training and TEST_COUNT test images of
// Fashion-MNIST (uint8 pixels and labels) from the files the example app ships (apps/example/data/fashion-mnist) or,
// where present, Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). Layout before gzip, little
// endian: the magic 'FMN1', uint32 train count, uint32 test count, uint32 pixels per image, then train images, train
// labels, test images, test labels (one byte each). src/dataset.ts reads it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const TRAIN_COUNT = 3000;
const TEST_COUNT = 1000;

const here = dirname(fileURLToPath(import.meta.url));
const folders = ['/usr/share/datasets/fashion-mnist', resolve(here, '../../example/data/fashion-mnist')];
const folder = folders.find((candidate) => existsSync(join(candidate, 'train-images-idx3-ubyte.gz')));
if (folder === undefined) throw new Error(`no Fashion-MNIST IDX files in ${folders.join(' or ')}`);

/** The first `count` records of a gzipped IDX file of unsigned bytes, and the size of one record. */
function readIdx(file: string, count: number): { data: Uint8Array; recordSize: number } {
  const raw = gunzipSync(readFileSync(join(folder as string, file)));
  const rank = raw[3] as number;
  if (raw[0] !== 0 || raw[1] !== 0 || raw[2] !== 8) throw new Error(`${file} is not an IDX file of unsigned bytes`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape = Array.from({ length: rank }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  if ((shape[0] as number) < count) throw new Error(`${file} holds ${shape[0]} records, fewer than ${count}`);
  const recordSize = shape.slice(1).reduce((product, size) => product * size, 1);
  const start = 4 + 4 * rank;
  return { data: raw.subarray(start, start + count * recordSize), recordSize };
}

const trainImages = readIdx('train-images-idx3-ubyte.gz', TRAIN_COUNT);
const trainLabels = readIdx('train-labels-idx1-ubyte.gz', TRAIN_COUNT);
const testImages = readIdx('t10k-images-idx3-ubyte.gz', TEST_COUNT);
const testLabels = readIdx('t10k-labels-idx1-ubyte.gz', TEST_COUNT);

const header = new Uint8Array(16);
const headerView = new DataView(header.buffer);
header.set([...'FMN1'].map((char) => char.charCodeAt(0)));
headerView.setUint32(4, TRAIN_COUNT, true);
headerView.setUint32(8, TEST_COUNT, true);
headerView.setUint32(12, trainImages.recordSize, true);
const body = Buffer.concat([header, trainImages.data, trainLabels.data, testImages.data, testLabels.data]);
const target = resolve(here, '../public/fashion-mnist-subset.bin');
writeFileSync(target, gzipSync(body, { level: 9 }));
console.log(`wrote ${target} from ${folder}: ${TRAIN_COUNT} + ${TEST_COUNT} images`);
