import { RandomSource } from '@softlabels/core';

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
