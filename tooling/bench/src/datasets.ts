import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { RandomSource } from '@softlabels/core';

import { readIdx } from '../../../apps/example/src/data/read-idx';

/** Logits `[rows, classes]` with integer labels, shared with the PyTorch peer through binary files. */
export interface Dataset {
  rows: number;
  classes: number;
  logits: Float32Array;
  labels: Int32Array;
}

/**
 * Over-confident synthetic logits: N(0, 2²) noise plus 6 on one class, the true class with probability 0.6, so a
 * fitted temperature is above 1 and the calibration bins are all populated.
 */
export function syntheticLogits(rows: number, classes: number, seed: number): Dataset {
  const random = new RandomSource(seed);
  const logits = new Float32Array(rows * classes);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const label = random.int(classes);
    labels[row] = label;
    const favoured = random.uniform() < 0.6 ? label : random.int(classes);
    for (let column = 0; column < classes; column += 1) {
      logits[row * classes + column] = 2 * random.normal() + (column === favoured ? 6 : 0);
    }
  }
  return { rows, classes, logits, labels };
}

/** A synthetic 10-class image-like training set for the MLP epoch: 784 features in [0, 1], labels from a teacher. */
export function syntheticImages(samples: number, seed: number): { features: Float32Array; labels: Int32Array } {
  const random = new RandomSource(seed);
  const features = Float32Array.from({ length: samples * 784 }, () => random.uniform());
  const labels = Int32Array.from({ length: samples }, () => random.int(10));
  return { features, labels };
}

/** Training images for the conv-net epochs: 28×28 grey-scale in [0, 1], row-major, with labels in 0..9. */
export interface TrainingImages {
  samples: number;
  /** `samples · 784` pixels, image after image (NHWC and NCHW alike with one channel). */
  features: Float32Array;
  labels: Int32Array;
  /** 'fashion-mnist' (the first `samples` training images) or 'synthetic' ({@link syntheticImages}). */
  kind: 'fashion-mnist' | 'synthetic';
  /** The folder the images were read from, or why they are synthetic. */
  source: string;
}

/** Folders searched for Fashion-MNIST's training files, in order: Debian's `dataset-fashion-mnist`, the example's copy. */
export const FASHION_MNIST_FOLDERS = [
  '/usr/share/datasets/fashion-mnist',
  fileURLToPath(new URL('../../../apps/example/data/fashion-mnist', import.meta.url)),
];

function locate(folder: string, base: string): string | undefined {
  return [join(folder, `${base}.gz`), join(folder, base)].find((candidate) => existsSync(candidate));
}

/**
 * The first `samples` Fashion-MNIST training images (gzip IDX, decoded by the example's `readIdx`) from the first of
 * `folders` that holds `train-images-idx3-ubyte[.gz]` and `train-labels-idx1-ubyte[.gz]`, scaled to [0, 1]; when no
 * folder has them, {@link syntheticImages} with the reason in `source`.
 */
export function trainingImages(samples: number, folders: readonly string[] = FASHION_MNIST_FOLDERS): TrainingImages {
  for (const folder of folders) {
    const imagesPath = locate(folder, 'train-images-idx3-ubyte');
    const labelsPath = locate(folder, 'train-labels-idx1-ubyte');
    if (imagesPath === undefined || labelsPath === undefined) continue;
    const images = readIdx(imagesPath);
    const labels = readIdx(labelsPath);
    const [count = 0, height, width] = images.shape;
    if (height !== 28 || width !== 28 || labels.shape[0] !== count || count < samples) {
      throw new Error(
        `${imagesPath}: expected at least ${samples} 28×28 images with as many labels, got images ` +
          `[${images.shape.join(', ')}] and labels [${labels.shape.join(', ')}]`,
      );
    }
    const features = new Float32Array(samples * 784);
    for (let index = 0; index < features.length; index += 1) features[index] = (images.data[index] as number) / 255;
    return {
      samples,
      features,
      labels: Int32Array.from(labels.data.subarray(0, samples)),
      kind: 'fashion-mnist',
      source: folder,
    };
  }
  const { features, labels } = syntheticImages(samples, 11);
  return {
    samples,
    features,
    labels,
    kind: 'synthetic',
    source: `no Fashion-MNIST training files in ${folders.join(' or ')}`,
  };
}
