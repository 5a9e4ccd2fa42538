import type { ChartLayoutOptions, Spread } from '../internal/chart-options';

/**
 * Options of {@link distillationPlotSpec}.
 *
 * @example
 * ```ts
 * import type { DistillationPlotOptions } from '@softlabels/vis';
 *
 * const options: DistillationPlotOptions = { spread: 'standard-deviation', title: 'Students' };
 * console.log(options.spread); // standard-deviation
 * ```
 */
export interface DistillationPlotOptions extends ChartLayoutOptions {
  /** Error bars over repeats: `'min-max'` (default) or `'standard-deviation'`. */
  spread?: Spread;
}
