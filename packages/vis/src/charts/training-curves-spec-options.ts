import type { ChartLayoutOptions } from '../internal/chart-options';

/**
 * Options of {@link trainingCurvesSpec}.
 *
 * @example
 * ```ts
 * import type { TrainingCurvesOptions } from '@softlabels/vis';
 *
 * const options: TrainingCurvesOptions = { metrics: ['loss', 'acc'], title: '' };
 * console.log(options.metrics); // [ 'loss', 'acc' ]
 * ```
 */
export interface TrainingCurvesOptions extends ChartLayoutOptions {
  /** Metrics to draw (names without `val_`), one panel each, in this order; default: all, in order of appearance. */
  metrics?: readonly string[];
}
