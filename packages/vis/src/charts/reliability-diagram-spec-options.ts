import type { ChartLayoutOptions } from '../internal/chart-options';

/**
 * Options of {@link reliabilityDiagramSpec}.
 *
 * @example
 * ```ts
 * import type { ReliabilityDiagramSpecOptions } from '@softlabels/vis';
 *
 * const options: ReliabilityDiagramSpecOptions = { title: 'baseline', histogramHeight: 60 };
 * console.log(options.histogramHeight); // 60
 * ```
 */
export interface ReliabilityDiagramSpecOptions extends ChartLayoutOptions {
  /** Height of the confidence histogram beneath the diagram in pixels (default 90). */
  histogramHeight?: number;
}
