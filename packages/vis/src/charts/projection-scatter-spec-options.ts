import type { ChartLayoutOptions } from '../internal/chart-options';

/**
 * Options of {@link projectionScatterSpec}.
 *
 * @example
 * ```ts
 * import type { ProjectionScatterOptions } from '@softlabels/vis';
 *
 * const options: ProjectionScatterOptions = { classNames: ['T-shirt', 'trouser', 'sandal'], columns: 1 };
 * console.log(options.columns); // 1
 * ```
 */
export interface ProjectionScatterOptions extends ChartLayoutOptions {
  /** Display names of class labels (index = label, e.g. Fashion-MNIST names); default `'class k'`. */
  classNames?: readonly string[];
  /** Panels per row (default: up to 2). */
  columns?: number;
}
