import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkRank,
  classCount,
  type Reduction,
  type TensorInput,
  toTensor,
  treeSum,
} from '@softlabels/core';
import { type ConfidencePenaltyAttrs, ConfidencePenaltyKernel, registerFusedKernels } from '@softlabels/core/kernels';
import type { ConfidencePenaltyCrossEntropyOptions } from './confidence-penalty-cross-entropy-options';
import { rowEntropies } from './internal/confidence-penalty-entropy';
import { prepareConfidencePenaltyOptions } from './internal/confidence-penalty-options';
import { fusedRowLoss } from './internal/fused-row-loss';
import { readClassTargets } from './internal/read-class-targets';
import type { ReducedLoss } from './internal/reduced-loss';
import { labelSmoothingCrossEntropy } from './label-smoothing-cross-entropy';

const NAME = 'confidencePenaltyCrossEntropy';

/**
 * The penalty term Σ_n m_n·H(p_n) reduced like the loss (m_n = 0 on ignored rows): per row for `'none'`, summed for
 * `'sum'`, and for `'mean'` divided by the number of rows that are not ignored (by 1 when there are none, so the
 * penalty and its gradient are then 0; the cross-entropy's mean is NaN there, as in PyTorch).
 */
function reducedPenalty(
  entropies: tf.Tensor,
  mask: tf.Tensor | null,
  reduction: Reduction,
  leading: number[],
): tf.Tensor {
  const kept = mask === null ? entropies : tf.mul(entropies, mask);
  if (reduction === 'none') return tf.reshape(kept, leading);
  const total = treeSum(kept);
  if (reduction === 'sum') return total;
  const count = mask === null ? tf.scalar(entropies.shape[0] as number) : treeSum(mask);
  return tf.div(total, tf.maximum(count, 1));
}

/**
 * The confidence penalty of Pereyra et al. 2017 ("Regularizing neural networks by penalizing confident output
 * distributions"): cross-entropy minus β times the entropy of the predicted distribution, per row
 * ℓ_n = CE(t_n, p_n) − β·H(p_n) with p_n = softmax(z_n) and H(p) = −Σ_k p_k·log p_k, from logits with the class axis
 * last (`[..., C]`, rank ≥ 2).
 *
 * - The cross-entropy term is `labelSmoothingCrossEntropy` with the same `epsilon`, `classWeights`, `ignoreIndex` and
 *   `reduction`, so it equals PyTorch 1.13's `F.cross_entropy(..., label_smoothing=epsilon)` in value and gradient,
 *   for index labels (the logits' leading shape) and probability targets (the logits' shape) alike. `epsilon`
 *   defaults to 0 here (the paper's loss); with ε > 0 both regularisers apply.
 * - The entropy is computed from log-softmax (every term −p·log p ≥ 0, so saturated logits give no NaN) and is
 *   unweighted: `classWeights` weight only the cross-entropy. Ignored rows have neither term.
 * - `'mean'` is the cross-entropy's PyTorch mean (divided by Σ w_{y_n}, or by the number of rows for probability
 *   targets) minus β times the mean entropy over the rows that are not ignored; without class weights this is the
 *   mean of the `'none'` rows over the rows that are not ignored. It is NaN where the cross-entropy's mean is (an
 *   empty batch, every row ignored, zero total weight), as in PyTorch.
 * - Where tfjs's registry holds `ConfidencePenaltyKernel` of `@softlabels/core/kernels` for the active backend
 *   (`wasm` and `cpu`), value and gradient come from its fused WASM SIMD pass. Elsewhere the gradient is the
 *   cross-entropy's closed-form gradient plus the entropy term's, also closed-form (∂H/∂z_j = −p_j·(log p_j + H), from
 *   one `tf.softmax`), and β = 0 returns the cross-entropy itself.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { confidencePenaltyCrossEntropy } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const loss = confidencePenaltyCrossEntropy(logits, [0, 2], { beta: 0.1 });
 * console.log(loss.dataSync()[0]); // ≈ 0.11871: cross-entropy 0.16812 − 0.1 × mean entropy 0.49409
 * const gradient = tf.grad((z: tf.Tensor) => confidencePenaltyCrossEntropy(z, [0, 2]))(logits);
 * console.log(gradient.shape); // [2, 3]
 * ```
 */
export function confidencePenaltyCrossEntropy<R extends Reduction = 'mean' | 'sum'>(
  logits: TensorInput,
  labels: TensorInput,
  options?: ConfidencePenaltyCrossEntropyOptions<R>,
): ReducedLoss<R> {
  // Also for a backend set with tf.setBackend rather than initBackend.
  registerFusedKernels();
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    checkRank(z, 'logits', NAME, { min: 2 });
    const classes = classCount(z, 'logits', NAME);
    const { beta, crossEntropy } = prepareConfidencePenaltyOptions(options, classes, NAME);
    const { reduction, ignoreIndex } = crossEntropy;
    const { leading, rows, target, isProbability } = readClassTargets(z, labels, ignoreIndex, NAME);
    const targets = isProbability ? tf.cast(target, 'float32') : tf.cast(target, 'int32');
    const { classWeights, epsilon } = crossEntropy;
    // β = 0 is the cross-entropy itself, through its own kernel.
    const fused = beta > 0 && tf.getKernel(ConfidencePenaltyKernel, tf.getBackend()) !== undefined;
    const checkValues = (): void => {
      checkFinite(z, 'logits', NAME);
      if (isProbability) checkFinite(targets, 'labels', NAME);
    };
    if (crossEntropy.checks) {
      // Checked here, under this function's name; the cross-entropy term then runs with its checks off. The fused
      // kernel finds non-finite rows in its own pass.
      if (!fused) checkValues();
      if (!isProbability) checkLabels(target, classes, 'labels', NAME, { ignoreIndex });
    }
    if (fused) {
      const attrs: ConfidencePenaltyAttrs = {
        beta,
        epsilon,
        reduction,
        ...(classWeights === null ? {} : { classWeights: Array.from(classWeights) }),
        ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
      };
      const value = fusedRowLoss(ConfidencePenaltyKernel, z, isProbability ? { targets } : { labels: targets }, attrs);
      if (value !== null) return value;
      if (crossEntropy.checks) checkValues();
    }
    const crossEntropyTerm = labelSmoothingCrossEntropy<Reduction>(z, targets, {
      epsilon,
      reduction,
      ...(classWeights === null ? {} : { classWeights }),
      ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
      checks: false,
    });
    if (beta === 0) return crossEntropyTerm;
    const mask =
      isProbability || ignoreIndex === undefined
        ? null
        : tf.cast(tf.notEqual(tf.reshape(targets, [rows]), tf.scalar(ignoreIndex, 'int32')), 'float32');
    const entropies = rowEntropies(tf.reshape(z, [rows, classes]));
    return tf.sub(crossEntropyTerm, tf.mul(reducedPenalty(entropies, mask, reduction, leading), beta));
  }) as ReducedLoss<R>;
}
