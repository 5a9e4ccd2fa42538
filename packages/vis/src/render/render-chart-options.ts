/**
 * Options of {@link renderChart}.
 *
 * @example
 * ```ts
 * import type { RenderChartOptions } from '@softlabels/vis';
 *
 * const options: RenderChartOptions = { renderer: 'canvas' };
 * console.log(options.renderer); // canvas
 * ```
 */
export interface RenderChartOptions {
  /** Draw as SVG elements (default) or on a canvas. */
  renderer?: 'svg' | 'canvas';
}
