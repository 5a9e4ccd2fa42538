import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { prepareTeacherSmoothnessOptions } from './prepare-teacher-smoothness-options';

describe('prepareTeacherSmoothnessOptions', () => {
  it('defaults the temperature to 1 and keeps a given one', () => {
    expect(prepareTeacherSmoothnessOptions(undefined)).toEqual({ temperature: 1 });
    expect(prepareTeacherSmoothnessOptions({ temperature: 3 })).toEqual({ temperature: 3 });
  });

  it.each([
    [{ temperature: 0 }],
    [{ temperature: -1 }],
    [{ temperature: Number.POSITIVE_INFINITY }],
    ['hot'],
    [{ temperatur: 2 }],
  ])('rejects %o', (options) => {
    expect(() => prepareTeacherSmoothnessOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareTeacherSmoothnessOptions(options)).toThrow("passed to 'teacherSmoothness'");
  });
});
