/**
 * The name under which `registerFusedKernels` puts the fused softmax focal loss into tfjs's kernel registry, for the
 * `wasm` and `cpu` backends, with its gradient (`focalLoss` of `@softlabels/smoothing` runs through it there). Per row,
 * with p = softmax(z), the target t (one-hot of the label, or the row of probability targets),
 * u_c = α_c·((1 − ε)·t_c + ε/C) and f_c = (1 − p_c)^γ: ℓ_n = −Σ_c u_c·f_c·log p_c, γ held constant under
 * differentiation.
 *
 * - inputs `{ logits, labels, gradient }` (index targets) or `{ logits, targets, gradient }` (probability targets):
 *   `logits` `[..., C]` float32 (class axis last), `labels` int32 of the leading shape, `targets` and `gradient` float32
 *   of the logits' shape; the kernel fills `gradient` with the gradient of the loss (make it fresh for each call).
 * - attrs: {@link FocalLossAttrs}.
 * - output: the per-row losses (the leading shape) for `reduction: 'none'`, else the reduced loss (summed in
 *   float64); `'mean'` divides by the rows that are not ignored, whatever α (NaN when there is none, with a zero
 *   gradient).
 *
 * The row's largest class is computed apart in float64 (log p and 1 − p exact as p → 1), the others have p ≤ 1/2,
 * so saturated rows and γ < 1 give finite values and gradients. The kernel throws a `SoftlabelsError` for input it
 * rejects (non-finite values, labels out of range, bad attrs) and allocates nothing then.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { FocalLossKernel } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const labels = tf.tensor1d([0, 2], 'int32');
 * const gradient = tf.zeros([2, 3]);
 * const loss = tf.engine().runKernel(FocalLossKernel, { logits, labels, gradient }, { gamma: 2, epsilon: 0, reduction: 'mean' }) as tf.Tensor;
 * console.log(loss.dataSync()[0].toFixed(5)); // '0.00594'
 * tf.dispose([logits, labels, gradient, loss]);
 * ```
 */
export const FocalLossKernel = 'SoftlabelsFocalLoss';

/** The attributes of {@link FocalLossKernel}: plain numbers, strings and arrays, as tfjs's attrs are. */
export interface FocalLossAttrs {
  /**
   * γ ≥ 0 for every row, or `'flsd-53'` (index targets only): 5 on rows whose true-class probability is below 0.2,
   * else 3.
   */
  gamma: number | 'flsd-53';
  /** Label smoothing ε in [0, 1] (Keras semantics: the targets are smoothed before the focal factor applies). */
  epsilon: number;
  /** Which loss the output and the gradient are of. */
  reduction: 'mean' | 'sum' | 'none';
  /** α: one weight ≥ 0 per class; all 1 when left out. */
  alpha?: number[];
  /** Index targets only: the label whose rows count for nothing. */
  ignoreIndex?: number;
}
