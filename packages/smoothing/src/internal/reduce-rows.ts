import * as tf from '@tensorflow/tfjs-core';
import { type Reduction, treeSum } from '@softlabels/core';

/**
 * Reduces per-row losses `[N]` on the tensors' backend. `'sum'` adds them with {@link treeSum} (0 for no rows);
 * `'mean'` divides that sum by `divisor` and is NaN whenever the divisor is 0 — no rows, every row ignored,
 * or only classes of weight 0 labelled — whatever the sum (the smoothing term alone may be positive), as in PyTorch;
 * `'none'` reshapes to the leading axes. Also returns the scalar factor the backward step applies to the upstream
 * gradient: 1/divisor for `'mean'` (NaN for a divisor of 0), else 1.
 */
export function reduceRows(
  losses: tf.Tensor,
  divisor: tf.Tensor,
  reduction: Reduction,
  leading: readonly number[],
): { value: tf.Tensor; scale: tf.Tensor } {
  if (reduction === 'none') return { value: tf.reshape(losses, [...leading]), scale: tf.scalar(1) };
  const total = treeSum(losses);
  if (reduction === 'sum') return { value: total, scale: tf.scalar(1) };
  const positive = tf.greater(divisor, 0);
  const undefinedMean = tf.scalar(Number.NaN);
  return {
    value: tf.where(positive, tf.div(total, divisor), undefinedMean),
    scale: tf.where(positive, tf.div(1, divisor), undefinedMean),
  };
}

/** Spreads the upstream gradient of a reduced loss over the `rows` rows: `[N]` factors for the row kernel. */
export function rowScaleFor(dy: tf.Tensor, scale: tf.Tensor, reduction: Reduction, rows: number): tf.Tensor {
  if (reduction === 'none') return tf.reshape(dy, [rows]);
  // tf.broadcastTo returns a [1] tensor unchanged when asked for shape [0].
  if (rows === 0) return tf.zeros([0]);
  return tf.broadcastTo(tf.reshape(tf.mul(dy, scale), [1]), [rows]);
}
