import * as tf from '@tensorflow/tfjs-core';

import type { DistillationForm } from '../distillation-loss-options';

/** What {@link softTargetRows} needs besides the logits. */
export interface SoftTargetSettings {
  temperature: number;
  studentTemperature: number;
  form: DistillationForm;
  /** Constant factor applied to every row (T_s² when scaling, else 1). */
  factor: number;
}

/** Rows whose largest log-ratio excess stays below this use the cancellation-free form of the KL divergence. */
const NEAR_LIMIT = 20;

/** `x − max_k x` per row: the same log-ratio up to a per-row constant, at the magnitude of the log-probabilities. */
function rowShifted(scaled: tf.Tensor): tf.Tensor {
  return tf.sub(scaled, tf.max(scaled, -1, true));
}

/**
 * Per-row KL(pᵗ ‖ p) from logits. Directly, `Σ_k pᵗ_k (log pᵗ_k − log p_k)` cancels badly when the two distributions
 * are close (large temperatures: float32 keeps ~1e-7 of log K while the KL is ~1e-3). With the log-ratio
 * `d_k = (z_t,k/T − max z_t/T) − (z_s,k/T_s − max z_s/T_s)` (equal to log pᵗ_k − log p_k up to a per-row constant)
 * centred on its pᵗ-mean, `d̃ = d − Σ pᵗ d`, the KL equals `log Σ_k pᵗ_k e^{−d̃_k} = log1p(Σ_k pᵗ_k (expm1(−d̃_k) + d̃_k))`, a sum of
 * non-negative terms computed to full relative precision. The identity needs every `pᵗ_k e^{−d̃_k}`, also where
 * `pᵗ_k` underflows to 0, so rows where some `−d̃_k` exceeds {@link NEAR_LIMIT} (far apart distributions, where
 * cancellation does not matter) use the direct form, in which zero teacher probabilities contribute 0 (xlogy).
 */
function klRows(
  student: tf.Tensor,
  teacher: tf.Tensor,
  logStudent: tf.Tensor,
  logTeacher: tf.Tensor,
  teacherProbabilities: tf.Tensor,
  settings: SoftTargetSettings,
): tf.Tensor {
  const positive = tf.greater(teacherProbabilities, 0);
  const zeros = tf.zerosLike(logStudent);
  const direct = tf.sum(tf.where(positive, tf.mul(teacherProbabilities, tf.sub(logTeacher, logStudent)), zeros), -1);
  // Each side is shifted by its row maximum before the two are subtracted: float32 would otherwise round the
  // difference (and its pᵗ-mean) at the logits' magnitude, not the log-probabilities' — with a constant teacher row of
  // −9629 that is an error of ~5e-4 per class (ulp(9629)/2), where the log-softmaxes are exact.
  const ratio = tf.sub(
    rowShifted(tf.div(teacher, settings.temperature)),
    rowShifted(tf.div(student, settings.studentTemperature)),
  );
  const centred = tf.sub(ratio, tf.sum(tf.mul(teacherProbabilities, ratio), -1, true));
  const excess = tf.neg(centred);
  const bounded = tf.minimum(excess, NEAR_LIMIT);
  const near = tf.log1p(tf.sum(tf.mul(teacherProbabilities, tf.sub(tf.expm1(bounded), bounded)), -1));
  return tf.where(tf.lessEqual(tf.max(excess, -1), NEAR_LIMIT), near, direct);
}

/**
 * Per-row soft-target loss `factor · Σ_k pᵗ_k(T)·(log pᵗ_k(T) − log p_k(T_s))` (KL) or `−factor · Σ_k pᵗ_k log p_k`
 * (cross-entropy) for `[N, K]` logits, with log-softmax on both sides and xlogy semantics (a zero teacher
 * probability contributes 0). The gradient is closed-form, `factor/T_s · (p(T_s) − pᵗ(T))` per row, and flows to the
 * student logits only: the teacher is a constant (its gradient is zero).
 * @internal
 */
export function softTargetRows(
  studentLogits: tf.Tensor2D,
  teacherLogits: tf.Tensor2D,
  settings: SoftTargetSettings,
): tf.Tensor1D {
  const { temperature, studentTemperature, form, factor } = settings;
  const rows = tf.customGrad((...inputs: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [student, teacher, save] = inputs as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const logStudent = tf.logSoftmax(tf.div(student, studentTemperature));
    const logTeacher = tf.logSoftmax(tf.div(teacher, temperature));
    const teacherProbabilities = tf.exp(logTeacher);
    const rowLosses =
      form === 'kl'
        ? klRows(student, teacher, logStudent, logTeacher, teacherProbabilities, settings)
        : tf.neg(tf.sum(tf.mul(teacherProbabilities, logStudent), -1));
    save([logStudent, teacherProbabilities]);
    return {
      value: tf.mul(rowLosses, factor),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedLogStudent, savedTeacher] = saved as [tf.Tensor, tf.Tensor];
        const perRow = tf.sub(tf.exp(savedLogStudent), savedTeacher);
        return [tf.mul(perRow, tf.mul(tf.expandDims(dy, -1), factor / studentTemperature)), tf.zerosLike(teacher)];
      },
    };
  });
  return rows(studentLogits, teacherLogits) as tf.Tensor1D;
}
