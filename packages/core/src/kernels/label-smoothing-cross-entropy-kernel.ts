/**
 * The name under which `registerFusedKernels` puts the fused label-smoothed cross-entropy into tfjs's kernel registry,
 * for the `wasm` and `cpu` backends, with its gradient. Look it up with `tf.getKernel(name, tf.getBackend())` and run
 * it with `tf.engine().runKernel(name, inputs, attrs)`:
 *
 * - inputs `{ logits, labels, gradient }` (index targets) or `{ logits, targets, gradient }` (probability targets):
 *   `logits` `[..., C]` float32 (any rank ≥ 2, class axis last), `labels` int32 of the leading shape, `targets` and
 *   `gradient` float32 of the logits' shape; `gradient` is a tensor whose memory the kernel fills with the gradient
 *   of the loss (so it is never an output: tfjs would make a zero-filled upstream gradient of that size for an output
 *   nobody differentiates). Make it fresh for each call; its contents before the call do not matter.
 * - attrs: {@link LabelSmoothingCrossEntropyAttrs}.
 * - output: the per-row losses (the leading shape) for `reduction: 'none'`, else the reduced loss (a scalar, summed
 *   in float64).
 *
 * The kernel throws a `SoftlabelsError` for rows it rejects (non-finite logits or targets, labels out of range, logits
 * whose span overflows float32) and allocates nothing then. Its gradient scales the filled gradient by the upstream
 * gradient (no pass at all for the usual upstream 1 of a reduced loss) and gives probability targets
 * −(1−ε)·w·log softmax(z) times the upstream factor of each row, computed only when tfjs differentiates the targets.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { LabelSmoothingCrossEntropyKernel } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const labels = tf.tensor1d([0, 2], 'int32');
 * const gradient = tf.zeros([2, 3]);
 * const loss = tf.engine().runKernel(
 *   LabelSmoothingCrossEntropyKernel,
 *   { logits, labels, gradient },
 *   { epsilon: 0.1, reduction: 'mean' },
 * ) as tf.Tensor;
 * console.log(loss.dataSync()[0].toFixed(5)); // '0.34312'
 * tf.dispose([logits, labels, gradient, loss]);
 * ```
 */
export const LabelSmoothingCrossEntropyKernel = 'SoftlabelsLabelSmoothingCrossEntropy';

/** The attributes of {@link LabelSmoothingCrossEntropyKernel}: plain numbers and arrays, as tfjs's attrs are. */
export interface LabelSmoothingCrossEntropyAttrs {
  /** Smoothing ε in [0, 1]. */
  epsilon: number;
  /** Which loss the output and the gradient are of. */
  reduction: 'mean' | 'sum' | 'none';
  /** One weight ≥ 0 per class; all 1 when left out. */
  classWeights?: number[];
  /** The distribution smoothing moves mass to; uniform when left out. */
  prior?: number[];
  /** Index targets only: the label whose rows count for nothing. */
  ignoreIndex?: number;
}
