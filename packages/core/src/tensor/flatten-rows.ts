import * as tf from '@tensorflow/tfjs-core';

import { checkLiveTensor } from '../validation/check-live-tensor';

/**
 * Views a `[..., C]` tensor as `[N, C]` rows (N = product of the leading axes). Returns the input itself when it is
 * already rank 2, otherwise a reshaped tensor (call inside `tf.tidy`). Anything but a live tensor is an
 * `InvalidArgumentError` naming `tensor`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { flattenRows } from '@softlabels/core';
 *
 * const rows = tf.tidy(() => flattenRows(tf.zeros([2, 3, 5])));
 * console.log(rows.shape); // [6, 5]
 * rows.dispose();
 * ```
 */
export function flattenRows(tensor: tf.Tensor): tf.Tensor2D {
  checkLiveTensor(tensor, 'tensor', 'flattenRows');
  if (tensor.rank === 2) return tensor as tf.Tensor2D;
  const classes = tensor.shape[tensor.rank - 1] ?? 1;
  return tf.reshape(tensor, [tensor.size / Math.max(classes, 1), classes]);
}
