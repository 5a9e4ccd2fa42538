import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkShape, type Reduction, type TensorInput, toTensor, treeSum } from '@softlabels/core';
import { checkUnitInterval } from './internal/check-unit-interval';
import { prepareBinaryOptions } from './internal/prepare-binary-options';
import type { ReducedLoss } from './internal/reduced-loss';
import type { BinaryLabelSmoothingCrossEntropyOptions } from './binary-label-smoothing-cross-entropy-options';

const NAME = 'binaryLabelSmoothingCrossEntropy';

/**
 * Sigmoid (binary) cross-entropy from logits with targets smoothed towards 0.5: t' = y·(1−ε) + ε/2, and
 * ℓ = −[p_w·t'·log σ(z) + (1−t')·log(1−σ(z))]. Equals PyTorch's
 * `F.binary_cross_entropy_with_logits(z, t', pos_weight=p_w, reduction=…)` in value and gradient (w.r.t. logits and
 * targets). Computed as (1−t')·z + (1 + (p_w−1)·t')·softplus(−z) with softplus(−z) = max(−z, 0) + log1p(e^−|z|), so
 * |z| = 1e4 stays finite and exact; the gradient is closed-form: (1−t') − (1 + (p_w−1)·t')·σ(−z).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { binaryLabelSmoothingCrossEntropy } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const logits = tf.tensor2d([[3, -2], [0.5, 8]]);
 * const targets = tf.tensor2d([[1, 0], [0, 1]]);
 * const loss = binaryLabelSmoothingCrossEntropy(logits, targets, { epsilon: 0.1, positiveWeight: 2 });
 * console.log(loss.dataSync()[0]); // ≈ 0.48786, as torch's binary_cross_entropy_with_logits(z, y*0.9+0.05, pos_weight=2)
 * ```
 */
export function binaryLabelSmoothingCrossEntropy<R extends Reduction = 'mean' | 'sum'>(
  logits: TensorInput,
  targets: TensorInput,
  options?: BinaryLabelSmoothingCrossEntropyOptions<R>,
): ReducedLoss<R> {
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    const t = toTensor(targets, 'targets', NAME, 'float32');
    checkShape(t.shape, z.shape, 'targets', NAME, 'logits');
    const lastAxis = z.rank === 0 ? undefined : z.shape[z.rank - 1];
    const { epsilon, reduction, positiveWeight, checks } = prepareBinaryOptions(options, lastAxis);
    if (checks) {
      checkFinite(z, 'logits', NAME);
      checkFinite(t, 'targets', NAME);
      checkUnitInterval(t, 'targets', NAME);
    }
    const count = z.size;
    const run = tf.customGrad(((...args: unknown[]) => {
      const save = args[2] as tf.GradSaveFunc;
      const [x, y] = args as [tf.Tensor, tf.Tensor];
      const smoothed = epsilon === 0 ? y : tf.add(tf.mul(y, 1 - epsilon), epsilon / 2);
      const weight =
        positiveWeight === null
          ? null
          : typeof positiveWeight === 'number'
            ? tf.scalar(positiveWeight)
            : tf.tensor1d(positiveWeight);
      // 1 + (p_w − 1)·t', the factor of softplus(−z)
      const negativeFactor = weight === null ? tf.onesLike(x) : tf.add(tf.mul(tf.sub(weight, 1), smoothed), 1);
      const softplusNegative = tf.add(tf.relu(tf.neg(x)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
      const elementwise = tf.add(tf.mul(tf.sub(1, smoothed), x), tf.mul(negativeFactor, softplusNegative));
      // An empty batch sums to 0, so its 'mean' is 0/0 = NaN, as in PyTorch.
      const value =
        reduction === 'none'
          ? elementwise
          : reduction === 'sum'
            ? treeSum(elementwise)
            : tf.div(treeSum(elementwise), count);
      save([x, smoothed, negativeFactor, softplusNegative, weight ?? tf.scalar(1)]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const [savedX, savedSmoothed, savedFactor, savedSoftplus, savedWeight] = saved as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        const upstream = reduction === 'mean' ? tf.div(dy, count) : dy;
        const logitsGradient = tf.sub(tf.sub(1, savedSmoothed), tf.mul(savedFactor, tf.sigmoid(tf.neg(savedX))));
        // ∂ℓ/∂t' = −z + (p_w − 1)·softplus(−z); ∂t'/∂y = 1 − ε
        const targetsGradient = tf.mul(
          tf.add(tf.neg(savedX), tf.mul(tf.sub(savedWeight, 1), savedSoftplus)),
          1 - epsilon,
        );
        return [tf.mul(logitsGradient, upstream), tf.mul(targetsGradient, upstream)];
      };
      return { value, gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return run(z, t);
  }) as ReducedLoss<R>;
}
