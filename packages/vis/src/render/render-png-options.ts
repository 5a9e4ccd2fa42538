/**
 * Options of {@link renderPng} (and the PNG options of {@link writeChart}).
 *
 * @example
 * ```ts
 * import type { RenderPngOptions } from '@softlabels/vis';
 *
 * const options: RenderPngOptions = { scale: 1, background: 'white', loadSystemFonts: true };
 * console.log(options.scale); // 1
 * ```
 */
export interface RenderPngOptions {
  /** Pixels per SVG unit (default 2: a 400-unit-wide chart becomes 800 px). */
  scale?: number;
  /** Background colour behind the chart (default `'white'`). */
  background?: string;
  /** Load the system's fonts (default true). Text needs at least one font: here or through `fontFiles`/`fontDirs`. */
  loadSystemFonts?: boolean;
  /** Extra TTF/OTF files to load, e.g. for machines without fonts. */
  fontFiles?: readonly string[];
  /** Extra folders of fonts to load. */
  fontDirs?: readonly string[];
}
