/** Mean, sample standard deviation (0 for a single value) and the values themselves, over seeds. */
export interface Stat {
  mean: number;
  sd: number;
  values: number[];
}

/**
 * Summarises per-seed values as a {@link Stat}.
 *
 * @example
 * ```ts
 * import { summarise } from './summarise';
 * summarise([1, 3]); // { mean: 2, sd: 1.414…, values: [1, 3] }
 * ```
 */
export function summarise(values: number[]): Stat {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance), values };
}
