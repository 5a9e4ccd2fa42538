import { InvalidArgumentError } from '@softlabels/core';

import { loadNodeOnly } from './load-node-only';
import type { PreparedPngOptions } from './prepare-png-options';

/** The part of `@resvg/resvg-js` renderPng uses. */
interface ResvgModule {
  Resvg: new (
    svg: string,
    options: Record<string, unknown>,
  ) => {
    /** The SVG's own size, before `fitTo`. */
    width: number;
    height: number;
    render(): { asPng(): Uint8Array; width: number; height: number };
  };
}

/** The most pixels a PNG may hold: 2²⁶ (8192 × 8192), 256 MiB of RGBA while it is drawn. */
export const MAX_PNG_PIXELS = 2 ** 26;

/** An empty SVG, drawn once on `background` to find out whether resvg reads that colour. */
const PROBE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

// A variable specifier keeps bundlers from pulling the native renderer into browser builds.
const RESVG = '@resvg/resvg-js';

/**
 * Rasterises an SVG string with resvg (Node only; elsewhere a `SoftlabelsError` that says so). A background resvg
 * cannot read, or an image of more than {@link MAX_PNG_PIXELS} pixels, is an {@link InvalidArgumentError} naming the
 * option and `functionName`, raised before the chart is drawn.
 */
export async function svgToPng(svg: string, options: PreparedPngOptions, functionName: string): Promise<Uint8Array> {
  const { Resvg } = await loadNodeOnly<ResvgModule>(RESVG, functionName);
  try {
    new Resvg(PROBE_SVG, { background: options.background }).render();
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.background',
      value: options.background,
      expected: 'be a CSS colour resvg can read (a name, #rgb, #rrggbb, rgb(…), rgba(…), hsl(…))',
      got: `${JSON.stringify(options.background)} (${cause instanceof Error ? cause.message : String(cause)})`,
    });
  }
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale },
    background: options.background,
    font: {
      loadSystemFonts: options.loadSystemFonts,
      fontFiles: options.fontFiles,
      fontDirs: options.fontDirs,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  const width = Math.ceil(renderer.width * options.scale);
  const height = Math.ceil(renderer.height * options.scale);
  if (width * height > MAX_PNG_PIXELS) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.scale',
      value: options.scale,
      expected:
        `keep the image within ${MAX_PNG_PIXELS} pixels (the chart is ${renderer.width} × ${renderer.height}: ` +
        `a scale of at most ${Math.floor(Math.sqrt(MAX_PNG_PIXELS / (renderer.width * renderer.height)) * 100) / 100})`,
      got: `${options.scale}, a ${width} × ${height} image`,
    });
  }
  return new Uint8Array(renderer.render().asPng());
}
