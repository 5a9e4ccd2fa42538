import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { reliabilityDiagramSpec } from '../charts/reliability-diagram-spec';
import { sampleCharts, sampleDiagram } from '../test-support/sample-charts';
import { parseXml, pngSize } from '../test-support/well-formed-xml';
import { renderPng } from './render-png';
import { renderSvg } from './render-svg';

describe('renderPng', () => {
  it.each(sampleCharts().map((chart) => [chart.name, chart] as const))(
    'renders the %s to a PNG of the SVG size times the scale',
    async (_, chart) => {
      const { rootAttributes } = parseXml(await renderSvg(chart.spec));
      const width = Number(rootAttributes.width);
      const height = Number(rootAttributes.height);
      const size = pngSize(await renderPng(chart.spec, { scale: 1.5 }));
      expect(size).toEqual({ width: Math.round(width * 1.5), height: Math.round(height * 1.5) });
    },
  );

  it('defaults to scale 2 and draws text with system fonts (text pixels differ from a text-free render)', async () => {
    const [, diagram] = sampleCharts();
    const withFonts = await renderPng(diagram!.spec);
    const withoutFonts = await renderPng(diagram!.spec, { loadSystemFonts: false });
    const { rootAttributes } = parseXml(await renderSvg(diagram!.spec));
    expect(pngSize(withFonts).width).toBe(Math.round(Number(rootAttributes.width) * 2));
    expect(withFonts.length).toBeGreaterThan(withoutFonts.length);
  });

  it.each([
    [{ scale: 0 }, "'options.scale'"],
    [{ scale: Number.NaN }, "'options.scale'"],
    [{ background: '' }, "'options.background'"],
    [{ background: 'not-a-colour' }, "Argument 'options.background' passed to 'renderPng' must be a CSS colour resvg"],
    [{ loader: { load: () => '' } }, "Argument 'options.loader' passed to 'renderPng' must be a vega loader"],
    [{ loadSystemFonts: 'yes' }, "'options.loadSystemFonts'"],
    [{ fontFiles: 'font.ttf' }, "'options.fontFiles'"],
    [{ fontDirs: [1] }, "'options.fontDirs'"],
  ])('rejects %o', async (options, message) => {
    const [chart] = sampleCharts();
    await expect(renderPng(chart!.spec, options as never)).rejects.toThrow(InvalidArgumentError);
    await expect(renderPng(chart!.spec, options as never)).rejects.toThrow(message);
  });

  it('refuses an image beyond 2^26 pixels before drawing it, naming the scale', async () => {
    const huge = reliabilityDiagramSpec(sampleDiagram, { width: 4000, height: 4000 });
    const started = performance.now();
    const attempt = renderPng(huge, { scale: 16 });
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(
      /^Argument 'options\.scale' passed to 'renderPng' must keep the image within 67108864 pixels \(the chart is \d+ × \d+: a scale of at most 1\.\d+\), but got 16, a \d+ × \d+ image\.$/,
    );
    expect(performance.now() - started).toBeLessThan(20_000);
    const small = reliabilityDiagramSpec(sampleDiagram, { width: 200, height: 200 });
    expect(pngSize(await renderPng(small, { scale: 16 })).width).toBeLessThanOrEqual(8192);
  });
});
