import type { RenderPngOptions } from './render-png-options';

/**
 * Options of {@link writeChart}: the PNG options of {@link renderPng} and the file format.
 *
 * @example
 * ```ts
 * import type { WriteChartOptions } from '@softlabels/vis';
 *
 * const options: WriteChartOptions = { format: 'png', scale: 2 };
 * console.log(options.format); // png
 * ```
 */
export interface WriteChartOptions extends RenderPngOptions {
  /** `'svg'` or `'png'`; default from the file extension (`.svg`, `.png`). */
  format?: 'svg' | 'png';
}
