import type { ChartSpec } from '../internal/chart-spec';

import { specToSvg } from '../internal/compile-view';
import { preparePngOptions } from '../internal/prepare-png-options';
import { svgToPng } from '../internal/svg-to-png';
import type { RenderPngOptions } from './render-png-options';

/**
 * Renders a vega-lite spec to PNG bytes (Node only) through resvg, a native SVG rasteriser: no browser, no canvas.
 * In a browser it rejects with a `SoftlabelsError` that points to `renderSvg` and `renderChart`.
 * Fonts come from the system (`loadSystemFonts`, DejaVu Sans on Debian/Ubuntu) plus any `fontFiles`/`fontDirs`; the
 * charts ask for `DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif` and resvg falls back to any installed
 * font with the needed glyphs. On a machine without fonts, pass a TTF in `fontFiles` or text is left out.
 *
 * @example
 * ```ts
 * import { renderPng, trainingCurvesSpec } from '@softlabels/vis';
 *
 * const png = await renderPng(trainingCurvesSpec([{ name: 'run', history: { loss: [1, 0.5, 0.4] } }]), { scale: 1 });
 * console.log(png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47); // true: 'PNG'
 * ```
 */
export async function renderPng(spec: ChartSpec, options: RenderPngOptions = {}): Promise<Uint8Array> {
  const prepared = preparePngOptions(options, 'renderPng');
  return svgToPng(await specToSvg(spec, 'renderPng', prepared.loader), prepared, 'renderPng');
}
