import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '../types';

/**
 * Reduces per-row losses `[N]`. `'mean'` divides by `denominator` (NaN when it is 0, as in PyTorch); `'none'`
 * reshapes to the leading axes. Also returns the scalar factor the backward step applies to the upstream gradient:
 * 1/denominator for `'mean'` (0 when the denominator is 0, so every row's gradient is 0, as in PyTorch), else 1.
 */
export function reduceRows(
  losses: tf.Tensor,
  denominator: tf.Tensor,
  reduction: Reduction,
  leading: readonly number[],
): { value: tf.Tensor; scale: tf.Tensor } {
  if (reduction === 'none') return { value: tf.reshape(losses, [...leading]), scale: tf.scalar(1) };
  const total = tf.sum(losses);
  if (reduction === 'sum') return { value: total, scale: tf.scalar(1) };
  const positive = tf.greater(denominator, 0);
  const scale = tf.where(positive, tf.div(1, tf.where(positive, denominator, tf.onesLike(denominator))), tf.zerosLike(denominator));
  return { value: tf.div(total, denominator), scale };
}

/** Spreads the upstream gradient of a reduced loss over the `rows` rows: `[N]` factors for the row kernel. */
export function rowScaleFor(dy: tf.Tensor, scale: tf.Tensor, reduction: Reduction, rows: number): tf.Tensor {
  if (reduction === 'none') return tf.reshape(dy, [rows]);
  return tf.broadcastTo(tf.reshape(tf.mul(dy, scale), [1]), [rows]);
}
