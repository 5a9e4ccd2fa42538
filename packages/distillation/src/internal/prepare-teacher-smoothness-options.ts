import { checkNumber } from '@softlabels/core';

import { checkOptionsObject } from './check-options-object';

/** Options of {@link teacherSmoothness}. */
export interface TeacherSmoothnessOptions {
  /** Temperature T (> 0) the teacher's logits are divided by before the softmax. Default 1. */
  temperature?: number;
}

/**
 * Normalises and checks the options of {@link teacherSmoothness}.
 * @internal
 */
export function prepareTeacherSmoothnessOptions(options: unknown): Required<TeacherSmoothnessOptions> {
  const record = checkOptionsObject(options, 'options', 'teacherSmoothness');
  return {
    temperature: checkNumber(record.temperature ?? 1, 'options.temperature', 'teacherSmoothness', {
      min: 0,
      minExclusive: true,
    }),
  };
}
