import { checkChoice, InvalidArgumentError, readOptions } from '@softlabels/core';

import type { WriteChartOptions } from '../render/write-chart-options';
import { PNG_OPTION_KEYS, preparePngOptions, type PreparedPngOptions } from './prepare-png-options';

const FUNCTION_NAME = 'writeChart';

/** Normalised {@link WriteChartOptions}. */
export interface PreparedWriteChartOptions {
  format: 'svg' | 'png';
  png: PreparedPngOptions;
}

/** Validates the path and options of `writeChart`; the format defaults to the path's extension. */
export function prepareWriteChartOptions(path: unknown, options: WriteChartOptions): PreparedWriteChartOptions {
  if (typeof path !== 'string' || path.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'path',
      value: path,
      expected: 'be a file path',
    });
  }
  const allowedKeys = [...PNG_OPTION_KEYS, 'format'];
  const png = preparePngOptions(options, FUNCTION_NAME, allowedKeys);
  const record = readOptions(options, allowedKeys, FUNCTION_NAME);
  const extension = /\.(svg|png)$/i.exec(path)?.[1]?.toLowerCase();
  if (record.format === undefined && extension === undefined) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'path',
      value: path,
      expected: 'end in .svg or .png, or come with options.format',
    });
  }
  const format = checkChoice(record.format ?? extension, ['svg', 'png'] as const, 'options.format', FUNCTION_NAME);
  return { format, png };
}
