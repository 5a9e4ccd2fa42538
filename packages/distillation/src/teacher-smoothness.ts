import * as tf from '@tensorflow/tfjs-core';
import { flattenRows, readLogitsAndLabels, ShapeMismatchError, type TensorInput } from '@softlabels/core';

import { prepareTeacherSmoothnessOptions } from './internal/prepare-teacher-smoothness-options';
import type { TeacherSmoothnessOptions } from './teacher-smoothness-options';

const FUNCTION_NAME = 'teacherSmoothness';

/**
 * The teacher's smoothness γ (Müller et al. 2019, Sec. 4): the probability mass its tempered softmax puts on wrong
 * classes, rescaled so that a label-smoothing target with ε gives exactly ε:
 *
 * `γ = E_n[ Σ_k (1 − y_{n,k}) · pᵗ_{n,k}(T) ] · K / (K − 1)`, with `pᵗ(T) = softmax(z_t / T)` and one-hot `y`.
 *
 * The wrong-class mass is summed directly (not as `1 − p_y`, which loses precision for confident teachers); the mean
 * over rows is taken in float64 on the host. γ = 0 for a one-hot teacher, γ = 1 for a uniform one.
 *
 * @param teacherLogits `[..., K]` logits, K ≥ 2.
 * @param labels integer class indices with the logits' shape without the class axis.
 * @returns γ as a number.
 * @throws {InvalidArgumentError} for T ≤ 0, NaN/Inf logits or labels out of range.
 * @throws {ShapeMismatchError} when labels do not match the logits or K < 2.
 *
 * @example
 * ```ts
 * import { teacherSmoothness } from '@softlabels/distillation';
 *
 * // A teacher that outputs exactly the label-smoothed targets of ε = 0.1 over 4 classes:
 * const epsilon = 0.1;
 * const target = Math.log(1 - epsilon + epsilon / 4);
 * const other = Math.log(epsilon / 4);
 * const logits = [[target, other, other, other], [other, other, target, other]];
 * console.log(teacherSmoothness(logits, [0, 2])); // ≈ 0.1
 * ```
 */
export function teacherSmoothness(
  teacherLogits: TensorInput,
  labels: TensorInput,
  options?: TeacherSmoothnessOptions,
): number {
  const { temperature } = prepareTeacherSmoothnessOptions(options);
  const wrongMass = tf.tidy(() => {
    const {
      logits,
      labels: classIndices,
      classes,
      rows,
    } = readLogitsAndLabels(teacherLogits, labels, FUNCTION_NAME, {
      logitsName: 'teacherLogits',
    });
    if (classes < 2 || rows === 0) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'teacherLogits',
        actual: logits.shape,
        expected: 'have at least one row and at least 2 classes on the last axis',
      });
    }
    const probabilities = tf.softmax(tf.div(flattenRows(logits), temperature));
    const wrong = tf.sub(1, tf.oneHot(tf.reshape(classIndices, [-1]), classes));
    return { values: tf.sum(tf.mul(probabilities, wrong), -1).dataSync(), classes };
  });
  let total = 0;
  for (const value of wrongMass.values) total += value;
  return ((total / wrongMass.values.length) * wrongMass.classes) / (wrongMass.classes - 1);
}
