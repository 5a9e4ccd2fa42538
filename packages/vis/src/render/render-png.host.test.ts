import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { sampleCharts } from '../test-support/sample-charts';
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
    [{ loadSystemFonts: 'yes' }, "'options.loadSystemFonts'"],
    [{ fontFiles: 'font.ttf' }, "'options.fontFiles'"],
    [{ fontDirs: [1] }, "'options.fontDirs'"],
  ])('rejects %o', async (options, message) => {
    const [chart] = sampleCharts();
    await expect(renderPng(chart!.spec, options as never)).rejects.toThrow(InvalidArgumentError);
    await expect(renderPng(chart!.spec, options as never)).rejects.toThrow(message);
  });
});
