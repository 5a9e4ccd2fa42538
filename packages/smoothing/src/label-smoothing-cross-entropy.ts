import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkRank,
  classCount,
  InvalidArgumentError,
  ShapeMismatchError,
  type TensorInput,
  toTensor,
} from '@softlabels/core';
import { indexRowsForward, probabilityRowsForward, type RowPass } from './internal/lsce-composed';
import {
  type FusedRows,
  fusedRowsForward,
  rowPassSelection,
  scaleFusedGradient,
  useFusedRows,
} from './internal/lsce-fused';
import { targetGradientCarrier } from './internal/target-gradient';
import { prepareCrossEntropyOptions } from './internal/prepare-cross-entropy-options';
import { reduceRows, rowScaleFor } from './internal/reduce-rows';
import type { ClassVector, Reduction } from './types';

const NAME = 'labelSmoothingCrossEntropy';

/** Options of {@link labelSmoothingCrossEntropy}. */
export interface LabelSmoothingCrossEntropyOptions {
  /**
   * Smoothing ε in [0, 1] (default 0.1), the paper's convention: the target becomes (1−ε)·y + ε·prior, so the true
   * class gets 1−ε+ε/C under the uniform prior (PyTorch's `label_smoothing`).
   */
  epsilon?: number;
  /**
   * `'mean'` (default) divides the summed loss by Σ w_{y_n} over non-ignored rows for index targets, and by the number
   * of rows for probability targets (PyTorch's rules); `'sum'`; `'none'` returns one loss per row, shape `[...]`.
   */
  reduction?: Reduction;
  /** One non-negative weight per class (PyTorch's `weight`); it scales both the NLL and the smoothing term. */
  classWeights?: ClassVector;
  /**
   * Index targets only: rows whose label equals this integer contribute nothing (PyTorch's `ignore_index`, which
   * defaults to −100 there; here nothing is ignored unless you set it). It may be a valid class index.
   */
  ignoreIndex?: number;
  /** A distribution over the C classes to smooth towards instead of the uniform one. */
  prior?: ClassVector;
  /**
   * Check logits (and probability targets) for NaN/±Infinity and labels for out-of-range or non-integer indices
   * (default true). On the `wasm` and `cpu` backends the fused kernel finds non-finite rows in its own pass (free on
   * valid input); elsewhere the finiteness check reduces on the device and reads back one number. Labels are read to
   * the host. `false` skips these checks for speed; invalid input then gives unspecified results.
   */
  checks?: boolean;
}

function leadingShape(logits: tf.Tensor): number[] {
  return logits.shape.slice(0, -1);
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
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
 * - `'sum'` and `'mean'` add the per-row losses in float64 on the host (fused path) or by a tree of 4-way float32 sums
 *   (composed path), not by one long float32 accumulation: within 1e-6 relative of a float64 sum at 524 293 rows.
 * - The gradient is closed-form (softmax − smoothed target, weighted, masked, reduced) via `tf.customGrad`, so it
 *   needs no registered tfjs gradients; probability targets also receive their gradient (−(1−ε)·w·log softmax).
 * - On the `wasm` and `cpu` backends value and gradient come from one fused WASM SIMD pass of `@softlabels/core`
 *   (`lsceForwardBackward`); other backends (CUDA) use composed tfjs ops. The targets' gradient is then computed,
 *   from composed ops, only when the targets are differentiated (never in `model.fit`, where they are data).
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
export function labelSmoothingCrossEntropy(
  logits: TensorInput,
  labels: TensorInput,
  options?: LabelSmoothingCrossEntropyOptions,
): tf.Tensor {
  return tf.tidy(() => {
    const z = toTensor(logits, 'logits', NAME, 'float32');
    checkRank(z, 'logits', NAME, { min: 2 });
    const classes = classCount(z, 'logits', NAME);
    const prepared = prepareCrossEntropyOptions(options, classes);
    const leading = leadingShape(z);
    const rows = tf.util.sizeFromShape(leading);
    const labelDtype = labels instanceof tf.Tensor && labels.dtype === 'int32' ? 'int32' : 'float32';
    const target = toTensor(labels, 'labels', NAME, labelDtype);
    const isProbability = tf.util.arraysEqual(target.shape, z.shape);
    if (!isProbability && !tf.util.arraysEqual(target.shape, leading)) {
      throw new ShapeMismatchError({
        functionName: NAME,
        parameter: 'labels',
        actual: target.shape,
        expected:
          `have the logits' leading shape ${describeShape(leading)} (class indices) ` +
          `or the logits' shape ${describeShape(z.shape)} (probabilities)`,
      });
    }
    if (isProbability && prepared.ignoreIndex !== undefined) {
      throw new InvalidArgumentError({
        functionName: NAME,
        parameter: 'options.ignoreIndex',
        value: prepared.ignoreIndex,
        expected: 'be left unset with probability targets (PyTorch rejects it too)',
      });
    }
    const fused = useFusedRows();
    if (prepared.checks) {
      // The fused kernel finds non-finite rows in its own pass, at no extra cost; the composed path reduces first.
      if (!fused) {
        checkFinite(z, 'logits', NAME);
        if (isProbability) checkFinite(target, 'labels', NAME);
      }
      if (!isProbability) checkLabels(target, classes, 'labels', NAME, { ignoreIndex: prepared.ignoreIndex });
    }
    const { epsilon, reduction, classWeights, prior, ignoreIndex } = prepared;
    const probabilities = isProbability ? tf.cast(target, 'float32') : null;
    const indices = isProbability ? null : tf.reshape(tf.cast(target, 'int32'), [rows]);

    /** The fused pass, or null when it rejects the rows (then, with checks on, the host scans name the argument). */
    const runFused = (logits2d: tf.Tensor): FusedRows | null => {
      const rowsResult = fusedRowsForward({
        logits: logits2d,
        labels: indices,
        targets: probabilities === null ? null : tf.reshape(probabilities, [rows, classes]),
        epsilon,
        classWeights,
        prior,
        ignoreIndex,
        reduction,
      });
      if (rowsResult === null && prepared.checks) {
        checkFinite(z, 'logits', NAME);
        if (probabilities !== null) checkFinite(probabilities, 'labels', NAME);
      }
      return rowsResult;
    };
    const runComposed = (logits2d: tf.Tensor): RowPass => {
      rowPassSelection.composed += 1;
      return indices === null
        ? probabilityRowsForward({
            logits: logits2d,
            targets: tf.reshape(probabilities as tf.Tensor, [rows, classes]),
            epsilon,
            classWeights,
            prior,
          })
        : indexRowsForward({ logits: logits2d, labels: indices, epsilon, classWeights, prior, ignoreIndex });
    };

    // Fused: the probability targets' gradient comes from a separate carrier node, computed only when they need one.
    const carrier =
      fused && probabilities !== null
        ? targetGradientCarrier({ logits: z, targets: probabilities, rows, classes, epsilon, classWeights })
        : null;
    const inputs = probabilities === null ? [z] : [z, carrier ?? probabilities];
    const run = tf.customGrad(((...args: unknown[]) => {
      const save = args[args.length - 1] as tf.GradSaveFunc;
      const logits2d = tf.reshape(args[0] as tf.Tensor, [rows, classes]);
      // The carrier is this node's second input: the per-row upstream factors returned for it reach the targets
      // through the carrier's own gradient. Its value (zeros) takes no part in the loss.
      const fusedRows = fused ? runFused(logits2d) : null;
      if (fusedRows !== null) {
        const { reduced, upstreamScale } = fusedRows;
        const value = reduced === undefined ? tf.reshape(fusedRows.losses, leading) : tf.scalar(reduced);
        save([fusedRows.gradient]);
        const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
          const logitsGradient = tf.reshape(scaleFusedGradient(saved[0] as tf.Tensor, dy, reduction), z.shape);
          return carrier === null
            ? [logitsGradient]
            : [logitsGradient, rowScaleFor(dy, tf.scalar(upstreamScale), reduction, rows)];
        };
        return { value, gradFunc };
      }
      const pass = runComposed(logits2d);
      const { value, scale } = reduceRows(pass.losses, pass.meanDenominator, reduction, leading);
      save([...pass.residuals, scale]);
      const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
        const residuals = saved.slice(0, -1);
        const rowScale = rowScaleFor(dy, saved[saved.length - 1] as tf.Tensor, reduction, rows);
        const gradients = pass.backward(residuals, rowScale).map((gradient) => tf.reshape(gradient, z.shape));
        // With the carrier (a fused call whose kernel rejected the rows), the targets' gradient flows through it.
        return carrier === null ? gradients : [gradients[0] as tf.Tensor, rowScale];
      };
      return { value, gradFunc };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    return run(...inputs);
  });
}
