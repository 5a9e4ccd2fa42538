import type { RenderSvgOptions } from './render-svg-options';

/**
 * Options of {@link renderChart}: the `loader` of {@link RenderSvgOptions} and the renderer.
 *
 * @example
 * ```ts
 * import type { RenderChartOptions } from '@softlabels/vis';
 *
 * const options: RenderChartOptions = { renderer: 'canvas' };
 * console.log(options.renderer); // canvas
 * ```
 */
export interface RenderChartOptions extends RenderSvgOptions {
  /** Draw as SVG elements (default) or on a canvas. */
  renderer?: 'svg' | 'canvas';
}
