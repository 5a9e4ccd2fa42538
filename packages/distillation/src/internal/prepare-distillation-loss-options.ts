import type * as tf from '@tensorflow/tfjs-core';
import { checkChoice, checkNumber, InvalidArgumentError, type TensorInput } from '@softlabels/core';

import { checkBoolean, checkFunction, checkOptionsObject } from './check-options-object';

/** How the per-row losses are combined: `'mean'` over rows (PyTorch's `'batchmean'`), `'sum'`, or `'none'`. */
export type DistillationReduction = 'mean' | 'sum' | 'none';

/**
 * The soft-target term: `'kl'` is KL(pᵗ(T) ‖ p(T_s)), `'cross-entropy'` is H(pᵗ(T), p(T_s)). They differ by the
 * teacher's entropy, a constant, so their gradients w.r.t. the student logits are identical.
 */
export type DistillationForm = 'kl' | 'cross-entropy';

/**
 * A hard-label loss on `[N, K]` student logits and `[N]` int32 labels. It must return a scalar for `'mean'` and
 * `'sum'` and an `[N]` tensor for `'none'`, and must be differentiable w.r.t. the logits (e.g. a label-smoothed
 * cross-entropy).
 */
export type HardLabelLoss = (
  studentLogits: tf.Tensor2D,
  labels: tf.Tensor1D,
  reduction: DistillationReduction,
) => tf.Tensor;

/** Options of {@link distillationLoss}. */
export interface DistillationLossOptions {
  /** Teacher temperature T (> 0): the teacher's logits are divided by it. Default 1. */
  temperature?: number;
  /**
   * Student temperature T_s (> 0) inside the soft-target term. Default: `temperature` (Hinton et al.). The paper's
   * experiments fix it at 1 while the teacher's T varies.
   */
  studentTemperature?: number;
  /** Integer class indices with the shape of the logits without the class axis; needed when `hardLabelWeight > 0`. */
  labels?: TensorInput;
  /** α ∈ [0, 1]: weight of the hard-label term; the soft term gets 1 − α. Default 0 (soft targets only). */
  hardLabelWeight?: number;
  /** The hard-label term on the raw student logits. Default: plain cross-entropy. */
  hardLabelLoss?: HardLabelLoss;
  /** `'kl'` (default) or `'cross-entropy'`. */
  form?: DistillationForm;
  /**
   * Multiply the soft term by T_s² (= T² when both temperatures are equal), which keeps its gradient on the scale of
   * the hard term. Default true, also when α = 0. With `studentTemperature: 1` the factor is 1.
   */
  scaleByTemperatureSquared?: boolean;
  /** `'mean'` (default: sum over classes, mean over rows), `'sum'` or `'none'` (one value per row). */
  reduction?: DistillationReduction;
  /**
   * Read the inputs back to check for NaN/±Infinity and out-of-range labels (default true). Set false in training
   * loops once the data has been checked.
   */
  validate?: boolean;
}

/** {@link DistillationLossOptions} with defaults filled in and every value checked. */
export interface PreparedDistillationLossOptions {
  temperature: number;
  studentTemperature: number;
  labels: TensorInput | undefined;
  hardLabelWeight: number;
  hardLabelLoss: HardLabelLoss | undefined;
  form: DistillationForm;
  scaleByTemperatureSquared: boolean;
  reduction: DistillationReduction;
  validate: boolean;
}

const FUNCTION_NAME = 'distillationLoss';

/**
 * Normalises and checks the options of {@link distillationLoss}.
 * @internal
 */
export function prepareDistillationLossOptions(
  options: unknown,
  functionName: string = FUNCTION_NAME,
): PreparedDistillationLossOptions {
  const record = checkOptionsObject(options, 'options', functionName);
  const temperature = checkNumber(record.temperature ?? 1, 'options.temperature', functionName, {
    min: 0,
    minExclusive: true,
  });
  const studentTemperature = checkNumber(
    record.studentTemperature ?? temperature,
    'options.studentTemperature',
    functionName,
    { min: 0, minExclusive: true },
  );
  const hardLabelWeight = checkNumber(record.hardLabelWeight ?? 0, 'options.hardLabelWeight', functionName, {
    min: 0,
    max: 1,
  });
  const labels = record.labels as TensorInput | undefined;
  if (hardLabelWeight > 0 && labels === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.labels',
      value: labels,
      expected: `be given when options.hardLabelWeight is > 0 (it is ${hardLabelWeight})`,
    });
  }
  return {
    temperature,
    studentTemperature,
    labels,
    hardLabelWeight,
    hardLabelLoss: checkFunction<HardLabelLoss>(record.hardLabelLoss, 'options.hardLabelLoss', functionName),
    form: checkChoice(record.form ?? 'kl', ['kl', 'cross-entropy'] as const, 'options.form', functionName),
    scaleByTemperatureSquared: checkBoolean(
      record.scaleByTemperatureSquared,
      true,
      'options.scaleByTemperatureSquared',
      functionName,
    ),
    reduction: checkChoice(
      record.reduction ?? 'mean',
      ['mean', 'sum', 'none'] as const,
      'options.reduction',
      functionName,
    ),
    validate: checkBoolean(record.validate, true, 'options.validate', functionName),
  };
}
