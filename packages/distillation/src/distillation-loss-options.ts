import type * as tf from '@tensorflow/tfjs-core';
import type { Reduction, TensorInput } from '@softlabels/core';

/**
 * How {@link distillationLoss} combines its per-row losses: `'batchmean'` sums over classes and averages over rows
 * (PyTorch's `KLDivLoss` name; not the mean over all elements), `'sum'` adds the rows, `'none'` keeps one value per
 * row.
 *
 * @example
 * ```ts
 * import type { DistillationReduction } from '@softlabels/distillation';
 *
 * const reduction: DistillationReduction = 'batchmean';
 * console.log(reduction); // batchmean
 * ```
 */
export type DistillationReduction = Exclude<Reduction, 'mean'> | 'batchmean';

/**
 * The soft-target term: `'kl'` is KL(pᵗ(T) ‖ p(T_s)), `'cross-entropy'` is H(pᵗ(T), p(T_s)). They differ by the
 * teacher's entropy, a constant, so their gradients w.r.t. the student logits are identical.
 *
 * @example
 * ```ts
 * import type { DistillationForm } from '@softlabels/distillation';
 *
 * const form: DistillationForm = 'cross-entropy';
 * console.log(form); // cross-entropy
 * ```
 */
export type DistillationForm = 'kl' | 'cross-entropy';

/**
 * A hard-label loss on `[N, K]` student logits and `[N]` int32 labels, given core's {@link Reduction} (`'mean'`
 * averages over rows, which is the batch mean for a per-row loss). It must return a scalar for `'mean'` and `'sum'`
 * and an `[N]` tensor for `'none'`, and must be differentiable w.r.t. the logits (e.g. a label-smoothed
 * cross-entropy).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { HardLabelLoss } from '@softlabels/distillation';
 *
 * const hinge: HardLabelLoss = (logits, labels, reduction) => {
 *   const rows = tf.relu(tf.sub(1, tf.sum(tf.mul(tf.oneHot(labels, logits.shape[1]), logits), -1)));
 *   return reduction === 'none' ? rows : reduction === 'sum' ? tf.sum(rows) : tf.mean(rows);
 * };
 * console.log(typeof hinge); // function
 * ```
 */
export type HardLabelLoss = (studentLogits: tf.Tensor2D, labels: tf.Tensor1D, reduction: Reduction) => tf.Tensor;

/**
 * Options of {@link distillationLoss}. `R` is the reduction the options allow: by default `'batchmean' | 'sum'`, so
 * options stored in a variable typed `DistillationLossOptions` still give a `tf.Scalar` (what `optimizer.minimize`
 * takes); write `DistillationLossOptions<'none'>` for per-row losses, or `DistillationLossOptions<DistillationReduction>`
 * when the reduction is only known at run time (the result is then typed `tf.Tensor`).
 *
 * @example
 * ```ts
 * import type { DistillationLossOptions } from '@softlabels/distillation';
 *
 * const options: DistillationLossOptions = { temperature: 4, studentTemperature: 1, reduction: 'batchmean' };
 * console.log(options.temperature); // 4
 * ```
 */
export interface DistillationLossOptions<R extends DistillationReduction = 'batchmean' | 'sum'> {
  /** Teacher temperature T in [1e-4, 1e4] (`TEMPERATURE_RANGE`): the teacher's logits are divided by it. Default 1. */
  temperature?: number;
  /**
   * Student temperature T_s in [1e-4, 1e4] inside the soft-target term. Default: `temperature` (Hinton et al.). The paper's
   * experiments fix it at 1 while the teacher's T varies.
   */
  studentTemperature?: number;
  /** Integer class indices with the shape of the logits without the class axis; needed when `hardLabelWeight > 0`. */
  labels?: TensorInput;
  /**
   * `hardLabelWeight` ∈ [0, 1]: weight of the hard-label term; the soft term gets `1 − hardLabelWeight`. Default 0
   * (soft targets only).
   */
  hardLabelWeight?: number;
  /** The hard-label term on the raw student logits. Default: plain cross-entropy. */
  hardLabelLoss?: HardLabelLoss;
  /** `'kl'` (default) or `'cross-entropy'`. */
  form?: DistillationForm;
  /**
   * Multiply the soft term by T_s² (= T² when both temperatures are equal), which keeps its gradient on the scale of
   * the hard term. Default true, also when `hardLabelWeight` is 0. With `studentTemperature: 1` the factor is 1.
   */
  scaleByTemperatureSquared?: boolean;
  /** `'batchmean'` (default: sum over classes, mean over rows), `'sum'` or `'none'` (one value per row). */
  reduction?: R;
  /**
   * Read the inputs back to check for NaN/±Infinity and out-of-range labels (default true). Set false in training
   * loops once the data has been checked.
   */
  checks?: boolean;
}
