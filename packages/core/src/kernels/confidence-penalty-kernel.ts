/**
 * The name under which `registerFusedKernels` puts the fused confidence penalty into tfjs's kernel registry, for the
 * `wasm` and `cpu` backends, with its gradient (`confidencePenaltyCrossEntropy` of `@softlabels/smoothing` runs through
 * it there): per row the label-smoothed cross-entropy (PyTorch's `cross_entropy` with `weight`, `ignore_index` and
 * `label_smoothing`) minus β times the entropy H(p) = −Σ_c p_c·log p_c of p = softmax(z), unweighted.
 *
 * - inputs `{ logits, labels, gradient }` (index targets) or `{ logits, targets, gradient }` (probability targets), as
 *   for `LabelSmoothingCrossEntropyKernel`; the kernel fills `gradient` (make it fresh for each call).
 * - attrs: {@link ConfidencePenaltyAttrs}.
 * - output: the per-row losses for `reduction: 'none'`, else the reduced loss: `'mean'` is the cross-entropy's PyTorch
 *   mean (divided by Σ w_{y_n}, or by the row count for probability targets) minus β times the mean entropy over the
 *   rows that are not ignored.
 *
 * The entropy is summed from terms −p·log p ≥ 0 computed from log-softmax, so saturated rows give no cancellation.
 * The kernel throws a `SoftlabelsError` for input it rejects and allocates nothing then.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { ConfidencePenaltyKernel } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const labels = tf.tensor1d([0, 2], 'int32');
 * const gradient = tf.zeros([2, 3]);
 * const loss = tf.engine().runKernel(ConfidencePenaltyKernel, { logits, labels, gradient }, { beta: 0.1, epsilon: 0, reduction: 'mean' }) as tf.Tensor;
 * console.log(loss.dataSync()[0].toFixed(5)); // '0.11871'
 * tf.dispose([logits, labels, gradient, loss]);
 * ```
 */
export const ConfidencePenaltyKernel = 'SoftlabelsConfidencePenalty';

/** The attributes of {@link ConfidencePenaltyKernel}: plain numbers and arrays, as tfjs's attrs are. */
export interface ConfidencePenaltyAttrs {
  /** The entropy's weight β ≥ 0. */
  beta: number;
  /** Label smoothing ε in [0, 1] of the cross-entropy term. */
  epsilon: number;
  /** Which loss the output and the gradient are of. */
  reduction: 'mean' | 'sum' | 'none';
  /** One weight ≥ 0 per class for the cross-entropy term; all 1 when left out. */
  classWeights?: number[];
  /** Index targets only: the label whose rows count for nothing. */
  ignoreIndex?: number;
}
