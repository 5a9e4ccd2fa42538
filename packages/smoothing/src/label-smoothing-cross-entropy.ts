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
import {
  LabelSmoothingCrossEntropyKernel,
  type LabelSmoothingCrossEntropyAttrs,
  registerFusedKernels,
} from '@softlabels/core/kernels';
import { fusedRowLoss } from './internal/fused-row-loss';
import { indexRowsForward, probabilityRowsForward, type RowPass } from './internal/lsce-composed';
import { type PreparedCrossEntropyOptions, prepareCrossEntropyOptions } from './internal/prepare-cross-entropy-options';
import { reduceRows, rowScaleFor } from './internal/reduce-rows';
import { readClassTargets } from './internal/read-class-targets';
import type { ReducedLoss } from './internal/reduced-loss';
import type { LabelSmoothingCrossEntropyOptions } from './label-smoothing-cross-entropy-options';

const NAME = 'labelSmoothingCrossEntropy';

/**
 * The rows of one call: `[..., C]` logits and either int32 labels of the leading shape or float32 probability targets
 * of the logits' shape (the composed ops take labels flattened to `[N]`).
 */
interface Rows {
  logits: tf.Tensor;
  labels: tf.Tensor | null;
  targets: tf.Tensor | null;
  rows: number;
  classes: number;
  /** The logits' leading shape, the shape of `'none'`'s result. */
  leading: number[];
}

function kernelAttrs(prepared: PreparedCrossEntropyOptions): LabelSmoothingCrossEntropyAttrs {
  const { epsilon, reduction, classWeights, prior, ignoreIndex } = prepared;
  return {
    epsilon,
    reduction,
    ...(classWeights === null ? {} : { classWeights: Array.from(classWeights) }),
    ...(prior === null ? {} : { prior: Array.from(prior) }),
    ...(ignoreIndex === undefined ? {} : { ignoreIndex }),
  };
}

/** The registered fused kernel (see {@link fusedRowLoss}), or null when it rejects the rows. */
function fusedLoss(input: Rows, prepared: PreparedCrossEntropyOptions): tf.Tensor | null {
  const { logits, labels, targets } = input;
  return fusedRowLoss(
    LabelSmoothingCrossEntropyKernel,
    logits,
    labels === null ? { targets: targets as tf.Tensor } : { labels },
    kernelAttrs(prepared),
  );
}

/** The composed tfjs ops with a closed-form gradient (`tf.customGrad`): backends without the kernel, rejected rows. */
function composedLoss(input: Rows, prepared: PreparedCrossEntropyOptions, shape: number[]): tf.Tensor {
  const { labels, targets, rows, leading } = input;
  const { epsilon, reduction, classWeights, prior, ignoreIndex } = prepared;
  const run = tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const logits2d = tf.reshape(args[0] as tf.Tensor, [rows, input.classes]);
    const pass: RowPass =
      labels === null
        ? probabilityRowsForward({
            logits: logits2d,
            targets: tf.reshape(args[1] as tf.Tensor, [rows, input.classes]),
            epsilon,
            classWeights,
            prior,
          })
        : indexRowsForward({ logits: logits2d, labels, epsilon, classWeights, prior, ignoreIndex });
    const { value, scale } = reduceRows(pass.losses, pass.meanDivisor, reduction, leading);
    save([...pass.residuals, scale]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const residuals = saved.slice(0, -1);
      const rowScale = rowScaleFor(dy, saved[saved.length - 1] as tf.Tensor, reduction, rows);
      return pass.backward(residuals, rowScale).map((gradient) => tf.reshape(gradient, shape));
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return targets === null ? run(input.logits) : run(input.logits, targets);
}

/**
 * Cross-entropy with label smoothing, from logits with the class axis last (`[..., C]`, rank ≥ 2). Value and gradient
 * equal PyTorch 1.13's `F.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing)` under the
 * uniform prior, for index and probability targets alike (PyTorch puts classes on axis 1; here they are last).
 *
 * - `labels` of the logits' leading shape `[...]` are class indices (int32 tensor, or integer arrays/float tensors
 *   holding integers); `labels` of the logits' shape are probability targets.
 * - Index and one-hot targets agree except under `classWeights` with `'mean'`: index targets divide by the summed
 *   weights of the rows' classes, probability targets by the number of rows — as in PyTorch.
 * - `'mean'` is NaN whenever its divisor is 0, exactly as in PyTorch: for an empty batch (whose `'sum'` is 0 and whose
 *   gradient is empty), when every row is ignored (gradient 0), and when the rows that are not ignored all have labels
 *   of class weight 0 (every weight 0, or only the labelled classes, also with ε > 0): the gradient is then NaN on
 *   every row that is not ignored and 0 on ignored rows. `'sum'` stays finite in all these cases.
 * - `'sum'` and `'mean'` add the per-row losses in float64 on the host (fused kernel) or by a tree of 4-way float32
 *   sums (composed ops), not by one long float32 accumulation: within 1e-6 relative of a float64 sum at 524 293 rows.
 * - The gradient is closed-form (softmax − smoothed target, weighted, masked, reduced), so it needs no registered tfjs
 *   gradients of other ops; probability targets also receive their gradient (−(1−ε)·w·log softmax).
 * - Where tfjs's registry holds `LabelSmoothingCrossEntropyKernel` of `@softlabels/core/kernels` for the active
 *   backend (`wasm` and `cpu`), value and gradient come from its one fused WASM SIMD pass and its registered gradient;
 *   other backends (CUDA) use composed tfjs ops through `tf.customGrad`. The targets' gradient is computed only when
 *   the targets are differentiated (never in `model.fit`, where they are data).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const logits = tf.tensor2d([[2, 0.5, -1], [0, 0, 3]]);
 * const loss = labelSmoothingCrossEntropy(logits, [0, 2], { epsilon: 0.1 });
 * console.log(loss.dataSync()[0]); // ≈ 0.34312, as torch.nn.functional.cross_entropy(..., label_smoothing=0.1)
 * const gradient = tf.grad((z: tf.Tensor) => labelSmoothingCrossEntropy(z, [0, 2]))(logits);
 * console.log(gradient.shape); // [2, 3]
 * ```
 */
export function labelSmoothingCrossEntropy<R extends Reduction = 'mean' | 'sum'>(
  logits: TensorInput,
  labels: TensorInput,
  options?: LabelSmoothingCrossEntropyOptions<R>,
): ReducedLoss<R> {
  // Also for a backend set with tf.setBackend rather than initBackend.
  registerFusedKernels();
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    checkRank(z, 'logits', NAME, { min: 2 });
    const classes = classCount(z, 'logits', NAME);
    const prepared = prepareCrossEntropyOptions(options, classes);
    const { leading, rows, target, isProbability } = readClassTargets(z, labels, prepared.ignoreIndex, NAME);
    const fused = tf.getKernel(LabelSmoothingCrossEntropyKernel, tf.getBackend()) !== undefined;
    const probabilities = isProbability ? tf.cast(target, 'float32') : null;
    const checkValues = (): void => {
      checkFinite(z, 'logits', NAME);
      if (probabilities !== null) checkFinite(probabilities, 'labels', NAME);
    };
    if (prepared.checks) {
      // The fused kernel finds non-finite rows in its own pass, at no extra cost; the composed ops reduce first.
      if (!fused) checkValues();
      if (!isProbability) checkLabels(target, classes, 'labels', NAME, { ignoreIndex: prepared.ignoreIndex });
    }
    const labelIndices = isProbability ? null : tf.cast(target, 'int32');
    if (fused) {
      // The kernel takes any rank with the class axis last, so nothing but the kernel lies between the caller's
      // logits and the loss on the tape (no other op's registered gradient is needed).
      const value = fusedLoss(
        {
          logits: z,
          labels: labelIndices,
          targets: probabilities,
          rows,
          classes,
          leading,
        },
        prepared,
      );
      if (value !== null) return value;
      // Rejected rows: with checks on, the host scans name the bad argument; finite rows beyond float32's range and
      // unchecked input run on the composed ops.
      if (prepared.checks) checkValues();
    }
    return composedLoss(
      {
        logits: z,
        labels: labelIndices === null ? null : tf.reshape(labelIndices, [rows]),
        targets: probabilities,
        rows,
        classes,
        leading,
      },
      prepared,
      z.shape,
    );
  }) as ReducedLoss<R>;
}
