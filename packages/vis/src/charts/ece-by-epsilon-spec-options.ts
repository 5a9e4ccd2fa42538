import type { ChartLayoutOptions, Spread } from '../internal/chart-options';

/**
 * Options of {@link eceByEpsilonSpec}.
 *
 * @example
 * ```ts
 * import type { EceByEpsilonOptions } from '@softlabels/vis';
 *
 * const options: EceByEpsilonOptions = { spread: 'standard-deviation', metric: 'ECE (10 bins)', width: 420 };
 * console.log(options.metric); // ECE (10 bins)
 * ```
 */
export interface EceByEpsilonOptions extends ChartLayoutOptions {
  /** Error bars over repeats: `'min-max'` (default) or `'standard-deviation'`. */
  spread?: Spread;
  /** Y-axis title (default `'ECE (15 bins)'`). */
  metric?: string;
}
