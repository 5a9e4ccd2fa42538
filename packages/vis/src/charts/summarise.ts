import { InvalidArgumentError } from '@softlabels/core';

import { prepareSpread, type Spread } from '../internal/chart-options';

/**
 * The mean of repeated measurements, their sample standard deviation and the ends of their error bar.
 *
 * @example
 * ```ts
 * import { summarise, type Summary } from '@softlabels/vis';
 *
 * const summary: Summary = summarise([0.81, 0.83]);
 * console.log(summary.count); // 2
 * ```
 */
export interface Summary {
  /** The mean. */
  mean: number;
  /** The sample standard deviation (n − 1), 0 for a single value. */
  sd: number;
  /** The lower end of the error bar: `mean − sd`, or the minimum for `'min-max'`. */
  lower: number;
  /** The upper end of the error bar: `mean + sd`, or the maximum for `'min-max'`. */
  upper: number;
  /** How many values were summarised. */
  count: number;
}

const FUNCTION_NAME = 'summarise';

/**
 * Summarises repeated measurements (e.g. one per seed) the way the charts draw them: the mean, the sample standard
 * deviation (n − 1; 0 for a single value) and an error bar of `spread` — mean ± 1 standard deviation (default) or
 * the minimum and maximum. A NaN among the values makes the mean, deviation and bar NaN.
 *
 * @param values one or more numbers.
 * @param spread `'standard-deviation'` (default) or `'min-max'`: what `lower` and `upper` are.
 * @throws {InvalidArgumentError} for an empty list, a non-number, or an unknown spread.
 *
 * @example
 * ```ts
 * import { summarise } from '@softlabels/vis';
 *
 * const { mean, sd, lower, upper, count } = summarise([1, 3]);
 * console.log(mean, sd.toFixed(3), lower.toFixed(3), upper.toFixed(3), count); // 2 1.414 0.586 3.414 2
 * console.log(summarise([1, 2, 6], 'min-max')); // { mean: 3, sd: 2.6457…, lower: 1, upper: 6, count: 3 }
 * ```
 */
export function summarise(values: readonly number[], spread: Spread = 'standard-deviation'): Summary {
  const kind = prepareSpread(spread, FUNCTION_NAME, 'spread');
  if (!Array.isArray(values) || values.length === 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'values',
      value: values,
      expected: 'be a non-empty array of numbers',
    });
  }
  const index = values.findIndex((value) => typeof value !== 'number');
  if (index >= 0) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: `values[${index}]`,
      value: values[index],
      expected: 'be a number',
    });
  }
  const count = values.length;
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  const variance = count > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1) : 0;
  const sd = Math.sqrt(variance);
  if (kind === 'min-max') {
    return { mean, sd, lower: Math.min(...values), upper: Math.max(...values), count };
  }
  return { mean, sd, lower: mean - sd, upper: mean + sd, count };
}
