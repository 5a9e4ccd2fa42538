import { readOptions } from '@softlabels/core';

import type { ChartSpec } from '../internal/chart-spec';
import { specToSvg } from '../internal/compile-view';
import { readLoader } from '../internal/read-loader';
import type { RenderSvgOptions } from './render-svg-options';

/**
 * Renders a vega-lite spec (e.g. from `reliabilityDiagramSpec`) to a standalone SVG document string. Works in Node
 * and in browsers: no DOM or canvas is needed (text widths are estimated by vega's headless renderer). A spec that
 * names data by URL is rendered only with `options.loader` (see {@link RenderSvgOptions}).
 *
 * @example
 * ```ts
 * import { renderSvg, trainingCurvesSpec } from '@softlabels/vis';
 *
 * const svg = await renderSvg(trainingCurvesSpec([{ name: 'run', history: { loss: [1, 0.5, 0.4] } }]));
 * console.log(svg.slice(0, 4)); // '<svg'
 * ```
 */
export async function renderSvg(spec: ChartSpec, options: RenderSvgOptions = {}): Promise<string> {
  const record = readOptions(options, ['loader'], 'renderSvg');
  return specToSvg(spec, 'renderSvg', readLoader(record.loader, 'renderSvg'));
}
