/**
 * Options of {@link teacherSmoothness}.
 *
 * @example
 * ```ts
 * import type { TeacherSmoothnessOptions } from '@softlabels/distillation';
 *
 * const options: TeacherSmoothnessOptions = { temperature: 4 };
 * console.log(options.temperature); // 4
 * ```
 */
export interface TeacherSmoothnessOptions {
  /** Temperature T in [1e-4, 1e4] (`TEMPERATURE_RANGE`) the teacher's logits are divided by before the softmax. Default 1. */
  temperature?: number;
}
