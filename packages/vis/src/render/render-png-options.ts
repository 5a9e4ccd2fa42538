import type { RenderSvgOptions } from './render-svg-options';

/**
 * Options of {@link renderPng} (and the PNG options of {@link writeChart}): the `loader` of {@link RenderSvgOptions}
 * and how the image is drawn.
 *
 * @example
 * ```ts
 * import type { RenderPngOptions } from '@softlabels/vis';
 *
 * const options: RenderPngOptions = { scale: 1, background: 'white', loadSystemFonts: true };
 * console.log(options.scale); // 1
 * ```
 */
export interface RenderPngOptions extends RenderSvgOptions {
  /**
   * Pixels per SVG unit (default 2: a 400-unit-wide chart becomes 800 px), in (0, 16]. The image may hold at most
   * 2²⁶ pixels (8192 × 8192, 256 MiB of RGBA): a larger chart times scale is refused before it is drawn.
   */
  scale?: number;
  /** Background colour behind the chart, a CSS colour (default `'white'`); one resvg cannot read is refused. */
  background?: string;
  /** Load the system's fonts (default true). Text needs at least one font: here or through `fontFiles`/`fontDirs`. */
  loadSystemFonts?: boolean;
  /** Extra TTF/OTF files to load, e.g. for machines without fonts. */
  fontFiles?: readonly string[];
  /** Extra folders of fonts to load. */
  fontDirs?: readonly string[];
}
