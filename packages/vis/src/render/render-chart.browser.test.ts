import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { withChromium } from '@softlabels/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';

import { sampleCharts } from '../test-support/sample-charts';

// renderChart and renderSvg in a real page: the package is bundled for the browser (as an app's bundler would, with
// Node-only code left out) and run in Debian's headless Chromium.
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
let bundle: string;

beforeAll(async () => {
  const result = await build({
    stdin: {
      contents:
        "import { renderChart, renderPng, renderSvg, writeChart } from './src/index.ts';" +
        'globalThis.vis = { renderChart, renderPng, renderSvg, writeChart };',
      resolveDir: packageRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    conditions: ['@softlabels/source'],
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
});

describe('renderChart in a browser', () => {
  it('bundles without the Node-only renderer', () => {
    expect(bundle).not.toContain('resvg-js-linux');
    expect(bundle).toContain('renderChart');
  });

  it('draws SVG and canvas charts into elements, and renderSvg works in the page', async () => {
    const result = await withChromium(async (context) => {
      const page = await context.newPage();
      await page.setContent('<div id="svg"></div><div id="canvas"></div>');
      await page.addScriptTag({ content: bundle });
      const charts = sampleCharts();
      return page.evaluate(
        async ([diagram, scatter]) => {
          type Vis = {
            renderChart: (
              element: Element,
              spec: unknown,
              options?: object,
            ) => Promise<{ toSVG(): Promise<string>; finalize(): void }>;
            renderSvg: (spec: unknown) => Promise<string>;
          };
          const vis = (globalThis as unknown as { vis: Vis }).vis;
          const svgHost = document.getElementById('svg')!;
          const canvasHost = document.getElementById('canvas')!;
          const chart = await vis.renderChart(svgHost, diagram);
          const painted = await vis.renderChart(canvasHost, scatter, { renderer: 'canvas' });
          const standalone = await chart.toSVG();
          const fromRenderSvg = await vis.renderSvg(scatter);
          const summary = {
            svgElements: svgHost.querySelectorAll('svg').length,
            rects: svgHost.querySelectorAll('g.mark-rect path').length,
            diagonal: svgHost.querySelectorAll('g.mark-line path').length,
            texts: Array.from(svgHost.querySelectorAll('text'), (node) => node.textContent),
            canvas: canvasHost.querySelector('canvas')?.width ?? 0,
            standalone: standalone.slice(0, 4),
            fromRenderSvg:
              new DOMParser().parseFromString(fromRenderSvg, 'image/svg+xml').querySelector('parsererror') === null,
          };
          chart.finalize();
          painted.finalize();
          return summary;
        },
        [charts[1]!.spec, charts[0]!.spec] as const,
      );
    });
    expect(result.svgElements).toBe(1);
    expect(result.rects).toBeGreaterThanOrEqual(2 + 2 + 3); // accuracy bars, gap shading, histogram bins
    expect(result.diagonal).toBe(1);
    expect(result.texts).toContain('Reliability diagram');
    expect(result.canvas).toBeGreaterThan(100);
    expect(result.standalone).toBe('<svg');
    expect(result.fromRenderSvg).toBe(true);
  });

  it('refuses renderPng and writeChart with an error that says they run in Node only and names what works', async () => {
    const messages = await withChromium(async (context) => {
      const page = await context.newPage();
      await page.setContent('<div></div>');
      await page.addScriptTag({ content: bundle });
      return page.evaluate(async (spec) => {
        type Vis = Record<'renderPng' | 'writeChart', (spec: unknown, ...rest: unknown[]) => Promise<unknown>>;
        const vis = (globalThis as unknown as { vis: Vis }).vis;
        const failure = async (call: Promise<unknown>): Promise<string> =>
          call.then(
            () => 'resolved',
            (error: Error) => `${error.name}: ${error.message}`,
          );
        return [await failure(vis.renderPng(spec)), await failure(vis.writeChart(spec, 'chart.svg'))];
      }, sampleCharts()[0]!.spec);
    });
    expect(messages[0]).toMatch(/^SoftlabelsError: renderPng runs in Node only: it could not load @resvg\/resvg-js/);
    expect(messages[1]).toMatch(/^SoftlabelsError: writeChart runs in Node only: it could not load node:fs\/promises/);
    for (const message of messages) expect(message).toMatch(/use renderSvg .* renderChart\(element, spec/);
  });
});
