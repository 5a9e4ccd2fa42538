import * as tf from '@tensorflow/tfjs-core';
import {
  checkFinite,
  checkLabels,
  checkRank,
  checkShape,
  classCount,
  flattenRows,
  InvalidArgumentError,
  type TensorInput,
  toTensor,
  type Reduction,
  treeSum,
} from '@softlabels/core';

import type { DistillationLossOptions, DistillationReduction, HardLabelLoss } from './distillation-loss-options';
import { prepareDistillationLossOptions } from './internal/prepare-distillation-loss-options';
import { softTargetRows } from './internal/soft-target-rows';
import { warnOnProbabilityLogits } from './internal/warn-on-probability-logits';

const FUNCTION_NAME = 'distillationLoss';

/** A scalar for `'batchmean'`/`'sum'`; a tensor for `'none'` or a reduction only known at run time. */
type DistillationLossResult<R extends DistillationReduction> = [R] extends ['batchmean' | 'sum']
  ? tf.Scalar
  : tf.Tensor;

/**
 * Combines per-row losses, summed with core's `treeSum` (float32 drift-free, 0 for an empty batch without a wasm
 * reduction): an empty batch gives PyTorch's values, 'sum' 0 and 'batchmean' 0/0 = NaN, and the empty gradient.
 */
function reduce(rows: tf.Tensor1D, reduction: DistillationReduction, leading: number[]): tf.Tensor {
  if (reduction === 'none') return tf.reshape(rows, leading);
  const total = treeSum(rows);
  return reduction === 'sum' ? total : tf.div(total, rows.shape[0]);
}

/** The hard-label term's reduction: the batch mean of a per-row loss is core's `'mean'`. */
function hardReduction(reduction: DistillationReduction): Reduction {
  return reduction === 'batchmean' ? 'mean' : reduction;
}

/** Plain cross-entropy on hard labels, the default hard-label term. */
const crossEntropy: HardLabelLoss = (logits, labels, reduction) => {
  const classes = logits.shape[1];
  // tf.oneHot refuses depth 1; with one class every label is 0 and its one-hot row is [1].
  const target = classes === 1 ? tf.onesLike(logits) : tf.oneHot(labels, classes);
  const rows = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1)) as tf.Tensor1D;
  return reduce(rows, reduction === 'mean' ? 'batchmean' : reduction, [rows.shape[0]]);
};

/** What a `hardLabelLoss` returned that is not a live numeric tensor, for its error. */
function describeResult(value: unknown): string {
  if (!(value instanceof tf.Tensor)) return value === null ? 'null' : typeof value;
  return value.isDisposed ? 'a disposed tensor' : `a ${value.dtype} tensor`;
}

function hardTerm(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  batchReduction: DistillationReduction,
  loss: HardLabelLoss | undefined,
  functionName: string,
): tf.Tensor {
  const reduction = hardReduction(batchReduction);
  const value = (loss ?? crossEntropy)(logits, labels, reduction);
  const expected = reduction === 'none' ? [logits.shape[0]] : [];
  if (!(value instanceof tf.Tensor) || value.isDisposed || value.dtype === 'string') {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.hardLabelLoss',
      value: loss,
      expected: 'return a live numeric tensor',
      got: `a function that returned ${describeResult(value)}`,
    });
  }
  checkShape(value.shape, expected, 'options.hardLabelLoss', functionName, `its result for reduction '${reduction}'`);
  return reduction === 'none' ? tf.reshape(value, [logits.shape[0]]) : value;
}

/**
 * The knowledge-distillation loss of a student against a teacher (Hinton et al. 2015; Müller et al. 2019, Sec. 4):
 *
 * `hardLabelWeight · hard(z_s, y) + (1 − hardLabelWeight) · s · D(pᵗ(T), p(T_s))`, with `pᵗ(T) = softmax(z_t / T)`, `p(T_s) = softmax(z_s / T_s)`,
 * `D` the KL divergence (`form: 'kl'`) or the cross-entropy (`form: 'cross-entropy'`), `s = T_s²` when
 * `scaleByTemperatureSquared` (default) and `hard` a cross-entropy on the raw student logits (or your own
 * `hardLabelLoss`, which receives core's `'mean'` for `'batchmean'`). With `reduction: 'batchmean'` (the default) the
 * soft term is summed over classes and averaged over rows (PyTorch's `KLDivLoss` name, not the mean over elements). Logits are `[..., K]`; labels have the leading shape.
 *
 * Both sides use a stable log-softmax, zero teacher probabilities contribute 0 (xlogy), and gradients flow to the
 * student logits only: the teacher's logits are treated as constants. An empty batch gives PyTorch's values on every
 * backend: `'sum'` 0, `'batchmean'` NaN (0/0), `'none'` an empty tensor.
 *
 * With `checks` (the default) it also reads back the first 64 rows of both logits and warns once through core's
 * warning channel (code `'probabilities-as-logits'`) when they look like probabilities, as a softmax output layer
 * gives: softmax at temperature T would flatten them. `setWarningHandler` of `@softlabels/core` redirects or silences
 * it.
 *
 * @returns a scalar for `'batchmean'`/`'sum'`, or the per-row losses (the logits' shape without the class axis) for
 *   `'none'`.
 * @throws {InvalidArgumentError} for T ≤ 0, `hardLabelWeight` outside [0, 1], missing labels when it is > 0, NaN/Inf logits, labels out
 *   of range.
 * @throws {ShapeMismatchError} when student and teacher logits (or the labels) disagree in shape.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { distillationLoss } from '@softlabels/distillation';
 *
 * const student = tf.tensor2d([[2, 0.5, -1], [0, 1, 0]]);
 * const teacher = tf.tensor2d([[3, 1, -2], [-1, 2, 0]]);
 * const loss = distillationLoss(student, teacher, { temperature: 4, labels: [0, 1], hardLabelWeight: 0.5 });
 * console.log(loss.dataSync()[0]);
 * tf.dispose([student, teacher, loss]);
 * ```
 */
export function distillationLoss<R extends DistillationReduction = 'batchmean' | 'sum'>(
  studentLogits: TensorInput,
  teacherLogits: TensorInput,
  options?: DistillationLossOptions<R>,
): DistillationLossResult<R> {
  return namedDistillationLoss(FUNCTION_NAME, studentLogits, teacherLogits, options) as DistillationLossResult<R>;
}

/**
 * {@link distillationLoss} reporting its errors under `functionName`, for the functions that compute it on behalf
 * of their callers (`distil`).
 * @internal
 */
export function namedDistillationLoss(
  functionName: string,
  studentLogits: TensorInput,
  teacherLogits: TensorInput,
  options: DistillationLossOptions<DistillationReduction> | undefined,
): tf.Tensor {
  const prepared = prepareDistillationLossOptions(options, functionName);
  return tf.tidy(() => {
    const student = toTensor(studentLogits, 'studentLogits', functionName);
    const teacher = toTensor(teacherLogits, 'teacherLogits', functionName);
    checkRank(student, 'studentLogits', functionName, { min: 2 });
    const classes = classCount(student, 'studentLogits', functionName);
    checkShape(teacher.shape, student.shape, 'teacherLogits', functionName, 'studentLogits');
    const leading = student.shape.slice(0, -1);
    if (prepared.checks) {
      checkFinite(student, 'studentLogits', functionName);
      checkFinite(teacher, 'teacherLogits', functionName);
    }
    let labels: tf.Tensor1D | undefined;
    if (prepared.labels !== undefined) {
      const raw = toTensor(prepared.labels, 'options.labels', functionName);
      checkShape(raw.shape, leading, 'options.labels', functionName, 'the logits without the class axis');
      if (prepared.checks) checkLabels(raw, classes, 'options.labels', functionName);
      labels = tf.reshape(tf.cast(raw, 'int32'), [-1]);
    }
    const student2d = flattenRows(student);
    const hardLabelWeight = prepared.hardLabelWeight;
    const parts: tf.Tensor[] = [];
    if (hardLabelWeight < 1) {
      const factor = prepared.scaleByTemperatureSquared ? prepared.studentTemperature ** 2 : 1;
      const rows = softTargetRows(student2d, flattenRows(teacher), { ...prepared, factor });
      parts.push(tf.mul(reduce(rows, prepared.reduction, leading), 1 - hardLabelWeight));
    }
    if (hardLabelWeight > 0 && labels !== undefined) {
      const hard = hardTerm(student2d, labels, prepared.reduction, prepared.hardLabelLoss, functionName);
      parts.push(tf.mul(prepared.reduction === 'none' ? tf.reshape(hard, leading) : hard, hardLabelWeight));
    }
    const loss = parts.length === 1 ? (parts[0] as tf.Tensor) : tf.add(parts[0] as tf.Tensor, parts[1] as tf.Tensor);
    if (prepared.checks) {
      warnOnProbabilityLogits(student2d, 'studentLogits', functionName);
      warnOnProbabilityLogits(flattenRows(teacher), 'teacherLogits', functionName);
    }
    return loss;
  });
}
