import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkRank,
  classCount,
  type Reduction,
  type TensorInput,
  toTensor,
} from '@softlabels/core';
import { FocalLossKernel, type FocalLossAttrs, registerFusedKernels } from '@softlabels/core/kernels';
import { focalRowsForward } from './internal/focal-composed';
import { focalIndexRowsForward } from './internal/focal-index-composed';
import { type PreparedFocalOptions, prepareFocalOptions } from './internal/focal-options';
import { fusedRowLoss } from './internal/fused-row-loss';
import { reduceRows, rowScaleFor } from './internal/reduce-rows';
import { readClassTargets } from './internal/read-class-targets';
import type { ReducedLoss } from './internal/reduced-loss';
import type { FocalLossOptions } from './focal-loss-options';

const NAME = 'focalLoss';

/**
 * The attrs of the fused kernel when it is registered for the active backend and takes these options (γ a number, or
 * FLSD-53 with index targets), else null: the composed ops run.
 */
function fusedAttrs(prepared: PreparedFocalOptions, isProbability: boolean): FocalLossAttrs | null {
  const { gamma, alpha, epsilon, reduction, ignoreIndex } = prepared;
  if (tf.getKernel(FocalLossKernel, tf.getBackend()) === undefined) return null;
  if (gamma.kind === 'function' || (gamma.kind === 'flsd-53' && isProbability)) return null;
  return {
    gamma: gamma.kind === 'constant' ? gamma.value : 'flsd-53',
    epsilon,
    reduction,
    ...(alpha === null ? {} : { alpha: Array.from(alpha) }),
    ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
  };
}

/**
 * Softmax focal loss from logits with the class axis last (`[..., C]`, rank ≥ 2): per row
 * `ℓ = −Σ_k α_k·s_k·(1 − p_k)^γ·log p_k`, with `p = softmax(logits)` and the targets smoothed first,
 * `s = t·(1 − ε) + ε/C` (Lin et al. 2017, *Focal Loss for Dense Object Detection*, with a per-class α; label smoothing
 * as Keras' `CategoricalFocalCrossentropy`). γ = 0 with no α is `labelSmoothingCrossEntropy`.
 *
 * - `labels` of the logits' leading shape `[...]` are class indices (int32 tensor, or integer arrays/float tensors
 *   holding integers), which may hold `ignoreIndex`; `labels` of the logits' shape are probability targets t.
 * - `gamma: 'flsd-53'` is the schedule of Mukhoti et al. 2020 (*Calibrating Deep Neural Networks using Focal Loss*):
 *   γ = 5 on rows whose true-class probability p_y is below 0.2, else 3. p_y is the softmax probability of the
 *   labelled class, and Σ_k t_k·p_k for probability targets (the same for one-hot rows), before smoothing. A function
 *   `gamma(p_y)` gives γ per row the same way. γ is held constant under differentiation.
 * - `'mean'` divides by the number of rows that are not ignored, whatever α; it is NaN when there is none (an empty
 *   batch, every row ignored), with a zero gradient. `'sum'` is then 0.
 * - Where tfjs's registry holds `FocalLossKernel` of `@softlabels/core/kernels` for the active backend (`wasm` and
 *   `cpu`), value and gradient come from its fused WASM SIMD pass (γ a number, or FLSD-53 with index targets).
 * - Elsewhere computed with composed tfjs ops in log space and a closed-form gradient (`tf.customGrad`): `(1 − p)^γ` is
 *   `exp(γ·log(1 − p))` with `log(1 − p)` exact as p → 1, and the gradient's `(1 − p)^(γ−1)·log p` is formed as a
 *   bounded ratio, so saturated rows give finite gradients also for 0 < γ < 1. Probability targets also receive their
 *   gradient, `−(1 − ε)·α·(1 − p)^γ·log p`. Index targets with ε = 0 (and at least two classes) only have the
 *   labelled class's term, so they are computed per row from one `tf.softmax` and `1 − p_y = Σ_{k≠y} p_k`.
 * - Value and gradient match a float64 PyTorch implementation of the formula to 1e-5 relative on `cpu` and `wasm`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { focalLoss } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const loss = focalLoss(logits, [0, 2], { gamma: 2 });
 * console.log(loss.dataSync()[0]); // ≈ 0.0059356, far below their cross-entropy (0.16809)
 * const flsd = focalLoss(logits, [1, 2], { gamma: 'flsd-53', alpha: [1, 2, 1], reduction: 'none' });
 * console.log(flsd.shape); // [2]
 * const gradient = tf.grad((z: tf.Tensor) => focalLoss(z, [0, 2], { gamma: 0.5 }))(logits);
 * console.log(gradient.shape); // [2, 3]
 * ```
 */
export function focalLoss<R extends Reduction = 'mean' | 'sum'>(
  logits: TensorInput,
  labels: TensorInput,
  options?: FocalLossOptions<R>,
): ReducedLoss<R> {
  // Also for a backend set with tf.setBackend rather than initBackend.
  registerFusedKernels();
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    checkRank(z, 'logits', NAME, { min: 2 });
    const classes = classCount(z, 'logits', NAME);
    const prepared = prepareFocalOptions(options, classes);
    const { leading, rows, target, isProbability } = readClassTargets(z, labels, prepared.ignoreIndex, NAME);
    const probabilities = isProbability ? tf.cast(target, 'float32') : null;
    const attrs = fusedAttrs(prepared, isProbability);
    const checkValues = (): void => {
      checkFinite(z, 'logits', NAME);
      if (probabilities !== null) checkFinite(probabilities, 'labels', NAME);
    };
    if (prepared.checks) {
      // The fused kernel finds non-finite rows in its own pass, at no extra cost; the composed ops reduce first.
      if (attrs === null) checkValues();
      if (probabilities === null) checkLabels(target, classes, 'labels', NAME, { ignoreIndex: prepared.ignoreIndex });
    }
    if (attrs !== null) {
      const value = fusedRowLoss(
        FocalLossKernel,
        z,
        probabilities === null ? { labels: tf.cast(target, 'int32') } : { targets: probabilities },
        attrs,
      );
      if (value !== null) return value;
      if (prepared.checks) checkValues();
    }
    const labelIndices = isProbability ? null : tf.reshape(tf.cast(target, 'int32'), [rows]);
    const { reduction } = prepared;
    const run = tf.customGrad(((...args: unknown[]) => {
      const save = args[args.length - 1] as tf.GradSaveFunc;
      const rowLogits = tf.reshape(args[0] as tf.Tensor, [rows, classes]);
      const pass =
        labelIndices !== null && prepared.epsilon === 0 && rows > 0 && classes > 1
          ? focalIndexRowsForward({ logits: rowLogits, labels: labelIndices, prepared, functionName: NAME })
          : focalRowsForward({
              logits: rowLogits,
              labels: labelIndices,
              targets: probabilities === null ? null : tf.reshape(args[1] as tf.Tensor, [rows, classes]),
              prepared,
              functionName: NAME,
            });
      const { value, scale } = reduceRows(pass.losses, pass.meanDivisor, reduction, leading);
      save([...pass.residuals, scale]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const rowScale = rowScaleFor(dy, saved[saved.length - 1] as tf.Tensor, reduction, rows);
        return pass.backward(saved.slice(0, -1), rowScale).map((gradient) => tf.reshape(gradient, z.shape));
      };
      return { value, gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return probabilities === null ? run(z) : run(z, probabilities);
  }) as ReducedLoss<R>;
}
