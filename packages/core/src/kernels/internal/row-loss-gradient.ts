import * as tf from '@tensorflow/tfjs-core';

/** The reductions of the fused row losses. */
export type RowLossReduction = 'none' | 'sum' | 'mean';

/**
 * The logits' gradient from a fused kernel's filled gradient (the logits' shape) and the upstream dy: a per-row
 * product for `'none'` (dy has the leading shape); for a reduced loss dy is a scalar, read on the host (the kernels run
 * on host-memory backends only), and the usual dy = 1 costs no pass: a reshape to the same shape is a new tensor
 * sharing the gradient's memory.
 */
export function scaleRowGradient(gradient: tf.Tensor, dy: tf.Tensor, reduction: RowLossReduction): tf.Tensor {
  if (reduction === 'none') return tf.mul(gradient, tf.expandDims(dy, -1));
  return (dy.dataSync()[0] as number) === 1
    ? tf.reshape(gradient, gradient.shape)
    : tf.mul(gradient, tf.reshape(dy, []));
}

/**
 * Row n's upstream factor for a gradient with respect to probability targets, broadcastable against `[..., C]`: dy_n
 * for `'none'`, dy for `'sum'`, dy/N for `'mean'` over `rows` rows (NaN for no rows, as PyTorch's mean).
 */
export function rowUpstream(dy: tf.Tensor, reduction: RowLossReduction, rows: number): tf.Tensor {
  if (reduction === 'none') return tf.expandDims(dy, -1);
  if (reduction === 'sum') return tf.reshape(dy, []);
  return tf.mul(tf.reshape(dy, []), rows > 0 ? 1 / rows : Number.NaN);
}
