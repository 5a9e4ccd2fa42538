import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { sampleDiagram } from '../test-support/sample-charts';
import { reliabilityDiagramSpec, type ReliabilityDiagramData } from './reliability-diagram-spec';

type Layer = {
  data: { values: Record<string, number | string>[] };
  mark: { type: string };
  encoding: Record<string, unknown>;
};
type Diagram = {
  title: { text: string; subtitle: string[] };
  vconcat: { layer: Layer[]; height: number; width: number }[];
};
type Encoding = { field?: string; type?: string; title?: string | null; scale?: { domain?: unknown[] } };

describe('reliabilityDiagramSpec', () => {
  it('stacks the diagram (bars, gaps, diagonal on unit scales) over the confidence histogram', () => {
    const spec = reliabilityDiagramSpec(sampleDiagram) as unknown as Diagram;
    expect(spec.title.text).toBe('Reliability diagram');
    const [diagram, histogram] = spec.vconcat;
    expect([diagram!.width, diagram!.height, histogram!.height]).toEqual([300, 260, 90]);
    expect(diagram!.layer.map((layer) => layer.mark.type)).toEqual(['rect', 'rect', 'line']);
    const [bars, gaps] = diagram!.layer;
    const barEncoding = bars!.encoding as Record<string, Encoding>;
    expect(barEncoding.x).toMatchObject({ field: 'lower', type: 'quantitative', scale: { domain: [0, 1] } });
    expect(barEncoding.x2).toEqual({ field: 'upper' });
    expect(barEncoding.y).toMatchObject({ field: 'accuracy', title: 'accuracy', scale: { domain: [0, 1] } });
    expect(barEncoding.color).toMatchObject({ datum: 'accuracy', scale: { domain: ['accuracy', 'gap'] } });
    expect((gaps!.encoding as Record<string, Encoding>).color).toMatchObject({ datum: 'gap' });
    expect(histogram!.layer.map((layer) => layer.mark.type)).toEqual(['rect', 'rule']);
    const histogramEncoding = histogram!.layer[0]!.encoding as Record<string, Encoding>;
    expect(histogramEncoding.x).toMatchObject({ field: 'lower', title: 'confidence', scale: { domain: [0, 1] } });
    expect(histogramEncoding.y).toMatchObject({ field: 'fraction', title: 'share' });
    expect((histogram!.layer[1]!.encoding as Record<string, Encoding>).strokeDash).toMatchObject({
      field: 'what',
      scale: { domain: ['accuracy', 'mean confidence'] },
    });
  });

  it('draws accuracy bars and gap shading for non-empty bins, the diagonal, and a histogram of all bins', () => {
    const spec = reliabilityDiagramSpec(sampleDiagram, { histogramHeight: 60 }) as unknown as Diagram;
    const [diagram, histogram] = spec.vconcat;
    const [bars, gaps, diagonal] = diagram!.layer;
    expect(bars!.data.values.map((bin) => [bin.lower, bin.upper, bin.accuracy])).toEqual([
      [0, 1 / 3, 0.5],
      [2 / 3, 1, 0.75],
    ]);
    expect(bars!.encoding.y2).toEqual({ datum: 0 });
    expect(gaps!.encoding.y2).toEqual({ field: 'confidence' });
    expect(diagonal!.data.values).toEqual([{ p: 0 }, { p: 1 }]);
    expect(histogram!.height).toBe(60);
    expect(histogram!.layer[0]!.data.values.map((bin) => bin.fraction)).toEqual([0.2, 0, 0.8]);
    expect(histogram!.layer[1]!.data.values.map((rule) => rule.at)).toEqual([0.7, 0.78]);
    expect(spec.title.subtitle).toEqual(['ECE 0.1600 · MCE 0.2000 · n = 10', 'accuracy 70.0% · mean confidence 78.0%']);
  });

  it('accepts extra fields, as later versions of the calibration object may add', () => {
    const extended = { ...sampleDiagram, norm: 'l1', bins: sampleDiagram.bins.map((bin) => ({ ...bin, weight: 1 })) };
    expect(() => reliabilityDiagramSpec(extended)).not.toThrow();
  });

  it('names the class of a one-vs-rest diagram in the title, axes, legends and subtitle, never "accuracy"', () => {
    const spec = reliabilityDiagramSpec({ ...sampleDiagram, classIndex: 3 }) as unknown as Diagram;
    expect(spec.title.text).toBe('Reliability diagram: class 3 vs rest');
    const [diagram, histogram] = spec.vconcat;
    const barEncoding = diagram!.layer[0]!.encoding as Record<string, Encoding>;
    expect(barEncoding.y).toMatchObject({ field: 'accuracy', title: 'frequency of class 3' });
    expect(barEncoding.color).toMatchObject({
      datum: 'frequency of class 3',
      scale: { domain: ['frequency of class 3', 'gap'] },
    });
    const histogramEncoding = histogram!.layer[0]!.encoding as Record<string, Encoding>;
    expect(histogramEncoding.x).toMatchObject({ title: 'p(class 3)' });
    expect(histogram!.layer[1]!.data.values.map((rule) => rule.what)).toEqual([
      'frequency of class 3',
      'mean p(class 3)',
    ]);
    expect(spec.title.subtitle[1]).toBe('frequency of class 3 70.0% · mean p(class 3) 78.0%');
    // Everything a reader sees (titles, legends, rule labels), without the data and its field names.
    const shown = JSON.stringify(spec, (key, value: unknown) =>
      key === 'field' || key === 'data' ? undefined : value,
    );
    expect(shown).not.toMatch(/accuracy|confidence/);
  });

  it('ignores the statistics of empty bins, null or NaN, and the sign of the gap', () => {
    const withNaN = {
      ...sampleDiagram,
      bins: sampleDiagram.bins.map((bin) =>
        bin.count === 0 ? { ...bin, confidence: Number.NaN, accuracy: Number.NaN } : bin,
      ),
    };
    expect(reliabilityDiagramSpec(withNaN)).toEqual(reliabilityDiagramSpec(sampleDiagram));
    const [diagram] = (reliabilityDiagramSpec(sampleDiagram) as unknown as Diagram).vconcat;
    expect(diagram!.layer[0]!.data.values.map((bin) => bin.gap)).toEqual([0.5 - 0.3, 0.9 - 0.75]);
  });

  it.each([
    ['no object', null, "'diagram'"],
    ['no bins', { ...sampleDiagram, bins: [] }, "'diagram.bins'"],
    [
      'a negative count',
      { ...sampleDiagram, bins: [{ ...sampleDiagram.bins[0]!, count: -1 }] },
      "'diagram.bins[0].count'",
    ],
    [
      'an upper edge below the lower',
      { ...sampleDiagram, bins: [{ ...sampleDiagram.bins[0]!, upper: -0.1 }] },
      "'diagram.bins[0].upper'",
    ],
    [
      'NaN accuracy in a filled bin',
      { ...sampleDiagram, bins: [{ ...sampleDiagram.bins[0]!, accuracy: Number.NaN }] },
      "'diagram.bins[0].accuracy'",
    ],
    ['an ECE above 1', { ...sampleDiagram, ece: 2 }, "'diagram.ece'"],
    ['missing accuracy', { ...sampleDiagram, accuracy: undefined }, "'diagram.accuracy'"],
  ])('rejects %s', (_, diagram, message) => {
    const build = () => reliabilityDiagramSpec(diagram as unknown as ReliabilityDiagramData);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it('rejects a bad histogram height', () => {
    expect(() => reliabilityDiagramSpec(sampleDiagram, { histogramHeight: 0 })).toThrow("'options.histogramHeight'");
    expect(() => reliabilityDiagramSpec(sampleDiagram, { bins: 10 } as never)).toThrow("'options.bins'");
  });
});
