import { checkChoice, InvalidArgumentError, readOptions } from '@softlabels/core';

import type { ChartSpec } from '../internal/chart-spec';
import { compileView } from '../internal/compile-view';
import { readLoader } from '../internal/read-loader';
import type { RenderChartOptions } from './render-chart-options';

/**
 * A chart drawn into the page by {@link renderChart}.
 *
 * @example
 * ```ts
 * import { renderChart, trainingCurvesSpec, type RenderedChart } from '@softlabels/vis';
 *
 * const element = document.createElement('div');
 * document.body.append(element);
 * const chart: RenderedChart = await renderChart(element, trainingCurvesSpec([{ name: 'a', history: { loss: [1] } }]));
 * console.log((await chart.toSVG()).startsWith('<svg')); // true
 * chart.finalize();
 * ```
 */
export interface RenderedChart {
  /** The chart as a standalone SVG string (e.g. for a download link). */
  toSVG(): Promise<string>;
  /** Removes event listeners and timers; call before dropping the element. */
  finalize(): void;
}

/**
 * Draws a vega-lite spec into a DOM element (browsers), e.g. a `reliabilityDiagramSpec` on a results page. Tooltips
 * and hover work as in any vega view. Resolves once the chart is on the page.
 *
 * @example
 * ```ts
 * import { renderChart, trainingCurvesSpec } from '@softlabels/vis';
 *
 * const element = document.createElement('div');
 * document.body.append(element);
 * const chart = await renderChart(element, trainingCurvesSpec([{ name: 'run', history: { loss: [1, 0.5, 0.4] } }]));
 * console.log(element.querySelector('svg') !== null); // true
 * chart.finalize();
 * ```
 */
export async function renderChart(
  element: Element,
  spec: ChartSpec,
  options: RenderChartOptions = {},
): Promise<RenderedChart> {
  const isElement = typeof Element !== 'undefined' && element instanceof Element;
  if (!isElement) {
    throw new InvalidArgumentError({
      functionName: 'renderChart',
      parameter: 'element',
      value: element,
      expected: 'be a DOM element (renderChart runs in browsers; use renderSvg or writeChart in Node)',
      got: typeof element === 'object' && element !== null ? Object.prototype.toString.call(element) : typeof element,
    });
  }
  const record = readOptions(options, ['renderer', 'loader'], 'renderChart');
  const loader = readLoader(record.loader, 'renderChart');
  const renderer = checkChoice(
    record.renderer === undefined ? 'svg' : record.renderer,
    ['svg', 'canvas'] as const,
    'options.renderer',
    'renderChart',
  );
  const { view, loadFailure } = await compileView(spec, 'renderChart', { renderer, container: element, loader });
  await view.runAsync();
  const failure = loadFailure();
  if (failure !== undefined) {
    view.finalize();
    throw failure;
  }
  return { toSVG: () => view.toSVG(), finalize: () => void view.finalize() };
}
