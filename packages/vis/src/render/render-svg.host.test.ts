import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import type { ChartSpec } from '../internal/chart-spec';
import { sampleCharts } from '../test-support/sample-charts';
import { parseXml } from '../test-support/well-formed-xml';
import { renderSvg } from './render-svg';

describe('renderSvg', () => {
  it.each(sampleCharts().map((chart) => [chart.name, chart] as const))(
    'renders the %s to a well-formed SVG with its marks',
    async (_, chart) => {
      const svg = await renderSvg(chart.spec);
      const document = parseXml(svg);
      expect(document.root).toBe('svg');
      expect(Number(document.rootAttributes.width)).toBeGreaterThan(100);
      expect(Number(document.rootAttributes.height)).toBeGreaterThan(100);
      for (const mark of chart.marks) {
        expect(
          document.classes.some((name) => name.split(' ').includes(mark)),
          mark,
        ).toBe(true);
      }
      expect(document.elements).toContain('text');
    },
  );

  it('renders a deeply frozen spec and leaves the data objects of the caller untouched', async () => {
    const row = Object.freeze({ a: 1, b: 2 });
    const spec = Object.freeze({
      data: Object.freeze({ values: Object.freeze([row]) }),
      mark: 'point',
      encoding: Object.freeze({ x: Object.freeze({ field: 'a', type: 'quantitative' }) }),
    }) as ChartSpec;
    expect((await renderSvg(spec)).startsWith('<svg')).toBe(true);
    expect(Object.getOwnPropertySymbols(row)).toEqual([]);
  });

  it('writes the titles and labels it was given', async () => {
    const [scatter] = sampleCharts();
    const svg = await renderSvg(scatter!.spec);
    expect(svg).toContain('baseline, training');
    expect(svg).toContain('T-shirt/top');
    expect(svg).toContain('Sandal');
  });

  it('rejects what is not a valid spec with a typed error naming the spec', async () => {
    await expect(renderSvg(null as unknown as ChartSpec)).rejects.toThrow(InvalidArgumentError);
    await expect(renderSvg([] as unknown as ChartSpec)).rejects.toThrow("Argument 'spec' passed to 'renderSvg'");
    await expect(renderSvg({ mark: 'nonsense' } as unknown as ChartSpec)).rejects.toThrow('a spec vega-lite rejects');
  });
});
