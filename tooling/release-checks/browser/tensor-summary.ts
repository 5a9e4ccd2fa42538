import type * as tf from '@tensorflow/tfjs-core';

/** A float tensor in a few numbers the page and Node can compare: its shape, sums, largest magnitude and samples. */
export interface TensorSummary {
  shape: number[];
  /** Sum of the entries. */
  sum: number;
  /** Sum of the entries' magnitudes (the scale a reordered float32 sum of them errs on). */
  absSum: number;
  /** Largest magnitude of an entry. */
  maxAbs: number;
  /** Five entries spread evenly over the flattened tensor, first and last included. */
  entries: number[];
}

/** The {@link TensorSummary} of `tensor` (read synchronously, summed in float64). */
export function summariseTensor(tensor: tf.Tensor): TensorSummary {
  const values = tensor.dataSync();
  let sum = 0;
  let absSum = 0;
  let maxAbs = 0;
  for (const value of values) {
    sum += value;
    absSum += Math.abs(value);
    maxAbs = Math.max(maxAbs, Math.abs(value));
  }
  const last = values.length - 1;
  const entries = [0, 1, 2, 3, 4].map((step) => values[Math.round((step * last) / 4)] as number);
  return { shape: [...tensor.shape], sum, absSum, maxAbs, entries };
}
