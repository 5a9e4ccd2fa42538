import { summarise as summariseValues } from '@softlabels/vis';

import type { Stat } from './results';

/**
 * Summarises per-seed values as a {@link Stat}: the mean and sample standard deviation of `@softlabels/vis`'s
 * `summarise` (the numbers its charts draw), and the values themselves.
 *
 * @example
 * ```ts
 * import { summarise } from './summarise';
 * summarise([1, 3]); // { mean: 2, sd: 1.414…, values: [1, 3] }
 * ```
 */
export function summarise(values: number[]): Stat {
  const { mean, sd } = summariseValues(values);
  return { mean, sd, values };
}
