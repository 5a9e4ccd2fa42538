import { checkChoice, checkLabels, InvalidArgumentError, readOptions, ShapeMismatchError } from '@softlabels/core';

import type { ProjectOntoClassPlaneOptions } from '../projection/project-onto-class-plane-options';

const FUNCTION_NAME = 'projectOntoClassPlane';

/** Normalised options of `projectOntoClassPlane`. */
export interface PreparedProjectOntoClassPlaneOptions {
  labels: number[] | null;
  select: 'all' | 'chosen-classes';
}

/** Validates the options of `projectOntoClassPlane` for `rows` examples and `classCount` templates. */
export function prepareProjectOntoClassPlaneOptions(
  options: ProjectOntoClassPlaneOptions,
  rows: number,
  classCount: number,
): PreparedProjectOntoClassPlaneOptions {
  const record = readOptions(options, ['labels', 'select'], FUNCTION_NAME) as ProjectOntoClassPlaneOptions;
  const select = checkChoice(
    record.select ?? 'all',
    ['all', 'chosen-classes'] as const,
    'options.select',
    FUNCTION_NAME,
  );
  if (record.labels === undefined) {
    if (select === 'chosen-classes') {
      throw new InvalidArgumentError({
        functionName: FUNCTION_NAME,
        parameter: 'options.labels',
        value: undefined,
        expected: "be given when options.select is 'chosen-classes'",
      });
    }
    return { labels: null, select };
  }
  const labels = Array.from(checkLabels(record.labels, classCount, 'options.labels', FUNCTION_NAME));
  if (labels.length !== rows) {
    throw new ShapeMismatchError({
      functionName: FUNCTION_NAME,
      parameter: 'options.labels',
      actual: [labels.length],
      expected: `hold one label per activation row [${rows}]`,
    });
  }
  return { labels, select };
}
