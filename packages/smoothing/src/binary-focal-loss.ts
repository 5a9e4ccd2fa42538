import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkShape, type Reduction, type TensorInput, toTensor, treeSum } from '@softlabels/core';
import type { BinaryFocalLossOptions } from './binary-focal-loss-options';
import { binaryFocalParts } from './internal/binary-focal-composed';
import { prepareBinaryFocalOptions } from './internal/binary-focal-options';
import { checkUnitInterval } from './internal/check-unit-interval';
import type { ReducedLoss } from './internal/reduced-loss';

const NAME = 'binaryFocalLoss';

/**
 * Sigmoid (binary) focal loss from logits, element by element: ℓ = α_t·(1 − p_t)^γ·ce, with p = σ(z),
 * p_t = p·t + (1 − p)·(1 − t), α_t = α·t + (1 − α)·(1 − t) and ce the binary cross-entropy of z and t (Lin et al.
 * 2017). Equals torchvision's `sigmoid_focal_loss(z, t, alpha, gamma, reduction)` in value and gradient (w.r.t.
 * logits and targets), for logits of any shape and float targets in [0, 1] of the same shape (hard labels or soft).
 *
 * - Defaults are torchvision's, γ = 2 and α = 0.25 (RetinaNet's pair, which down-weights the positives of a detector's
 *   many easy negatives), so code ported from PyTorch gives the same numbers. α ≠ 0.5 shifts the predicted
 *   probabilities away from the data's frequencies: for calibration, pass `alpha: null` (or torchvision's `-1`).
 * - `'mean'` is over all elements (NaN for an empty input, as PyTorch's); `'sum'`; `'none'` keeps the logits' shape.
 * - Computed from e^−|z| with composed tfjs ops and a closed-form gradient (`tf.customGrad`): 1 − p_t is formed in log
 *   space without the cancellation of 1 − σ(z), and the gradient's (1 − p_t)^(γ−1), unbounded as p_t → 1 for γ < 1,
 *   only appears multiplied into bounded ratios, so saturated logits (|z| = 1e4) give finite values and gradients.
 * - Value and gradient match torchvision's formula run in float64 by PyTorch 1.13 to 1e-5 relative on `cpu` and `wasm`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { binaryFocalLoss } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const logits = tf.tensor2d([[3, -2], [0.5, 8]]);
 * const targets = tf.tensor2d([[1, 0], [0, 1]]);
 * const loss = binaryFocalLoss(logits, targets);
 * console.log(loss.dataSync()[0]); // ≈ 0.071110, as torchvision's sigmoid_focal_loss(z, t, reduction='mean')
 * const unbalanced = binaryFocalLoss(logits, targets, { gamma: 0.5, alpha: null, reduction: 'none' });
 * console.log(unbalanced.shape); // [2, 2]
 * const gradient = tf.grad((z: tf.Tensor) => binaryFocalLoss(z, targets))(logits);
 * console.log(gradient.shape); // [2, 2]
 * ```
 */
export function binaryFocalLoss<R extends Reduction = 'mean' | 'sum'>(
  logits: TensorInput,
  targets: TensorInput,
  options?: BinaryFocalLossOptions<R>,
): ReducedLoss<R> {
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    const t = toTensor(targets, 'targets', NAME, 'float32');
    checkShape(t.shape, z.shape, 'targets', NAME, 'logits');
    const prepared = prepareBinaryFocalOptions(options, NAME);
    const { reduction } = prepared;
    if (prepared.checks) {
      checkFinite(z, 'logits', NAME);
      checkFinite(t, 'targets', NAME);
      checkUnitInterval(t, 'targets', NAME);
    }
    const count = z.size;
    const run = tf.customGrad(((...args: unknown[]) => {
      const save = args[2] as tf.GradSaveFunc;
      const { losses, logitsGradient, targetsGradient } = binaryFocalParts(
        args[0] as tf.Tensor,
        args[1] as tf.Tensor,
        prepared,
      );
      // An empty input sums to 0, so its 'mean' is 0/0 = NaN, as in PyTorch.
      const value =
        reduction === 'none' ? losses : reduction === 'sum' ? treeSum(losses) : tf.div(treeSum(losses), count);
      save([logitsGradient, targetsGradient]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const upstream = reduction === 'mean' ? tf.div(dy, count) : dy;
        return saved.map((gradient) => tf.mul(gradient, upstream));
      };
      return { value, gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return run(z, t);
  }) as ReducedLoss<R>;
}
