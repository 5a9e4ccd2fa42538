import { checkNumber, readOptions, TEMPERATURE_RANGE } from '@softlabels/core';

import type { TeacherSmoothnessOptions } from '../teacher-smoothness-options';

/**
 * Normalises and checks the options of {@link teacherSmoothness}.
 * @internal
 */
export function prepareTeacherSmoothnessOptions(options: unknown): Required<TeacherSmoothnessOptions> {
  const record = readOptions(options, ['temperature'], 'teacherSmoothness');
  return {
    temperature: checkNumber(record.temperature ?? 1, 'options.temperature', 'teacherSmoothness', TEMPERATURE_RANGE),
  };
}
