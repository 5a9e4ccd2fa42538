import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { eceByEpsilonSpec, type EceByEpsilonData } from './ece-by-epsilon-spec';

const data: EceByEpsilonData = {
  measurements: [
    { epsilon: 0.1, ece: 0.04, seed: 0 },
    { epsilon: 0, ece: 0.06, seed: 0 },
    { epsilon: 0, ece: 0.08, seed: 1 },
    { epsilon: 0.1, ece: 0.05, seed: 1 },
  ],
  reference: { label: 'temperature scaling', values: [0.02] },
};

type Encoding = { field?: string; type?: string; title?: string; scale?: { domain?: number[]; zero?: boolean } };
type Layer = {
  data: { values: Record<string, unknown>[] };
  mark: { type: string; strokeDash?: number[]; opacity?: number };
  encoding: { x?: Encoding; y?: Encoding; y2?: Encoding };
};
type Chart = { title: { text: string; subtitle: string[] }; width: number; height: number; layer: Layer[] };

describe('eceByEpsilonSpec', () => {
  it('plots ECE against ε: titles, size, marks, encodings and a padded domain that includes 0', () => {
    const spec = eceByEpsilonSpec(data) as unknown as Chart;
    expect(spec.title.text).toBe('Calibration error vs label smoothing ε');
    expect(spec.title.subtitle).toEqual(['line: mean over seeds; bars: min–max', 'small dots: single runs']);
    expect([spec.width, spec.height]).toEqual([360, 240]);
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(['rect', 'rule', 'text', 'point', 'rule', 'line']);
    const [band, level, , single, bars, line] = spec.layer;
    expect(band!.mark.opacity).toBe(0.15);
    expect(level!.mark.strokeDash).toBeDefined();
    for (const layer of [single, bars, line]) {
      expect(layer!.encoding.x).toMatchObject({ field: 'epsilon', type: 'quantitative', title: 'label smoothing ε' });
      expect(layer!.encoding.y).toMatchObject({ type: 'quantitative', title: 'ECE (15 bins)', scale: { zero: true } });
    }
    expect([
      single!.encoding.y!.field,
      bars!.encoding.y!.field,
      bars!.encoding.y2!.field,
      line!.encoding.y!.field,
    ]).toEqual(['ece', 'lower', 'upper', 'mean']);
    const [low, high] = line!.encoding.x!.scale!.domain!;
    expect(low).toBeCloseTo(-0.005, 12);
    expect(high).toBeCloseTo(0.105, 12);
    expect(single!.data.values).toEqual(data.measurements.map(({ epsilon, ece }) => ({ epsilon, ece })));
  });

  it('names the spread and takes the layout options', () => {
    const spec = eceByEpsilonSpec(data, { spread: 'standard-deviation', title: 'T', width: 420, height: 200 });
    const chart = spec as unknown as Chart;
    expect(chart.title.text).toBe('T');
    expect(chart.title.subtitle[0]).toBe('line: mean over seeds; bars: ±1 standard deviation');
    expect([chart.width, chart.height]).toEqual([420, 200]);
  });

  it('draws the mean per ε with min–max bars, single runs, and the reference level', () => {
    const spec = eceByEpsilonSpec(data, { metric: 'ECE (10 bins)' }) as unknown as { layer: Layer[] };
    const [band, rule, label, single, bars, line] = spec.layer;
    expect(band!.data.values).toEqual([
      { label: 'temperature scaling (one run)', mean: 0.02, lower: 0.02, upper: 0.02 },
    ]);
    expect(rule!.mark.type).toBe('rule');
    expect(label!.mark.type).toBe('text');
    expect(single!.data.values).toHaveLength(4);
    expect(bars!.mark.type).toBe('rule');
    expect(line!.mark.type).toBe('line');
    const means = line!.data.values.map(({ epsilon, mean, lower, upper, count }) => [
      epsilon,
      mean,
      lower,
      upper,
      count,
    ]);
    expect(means[0]).toEqual([0, 0.07, 0.06, 0.08, 2]);
    expect(means[1]![0]).toBe(0.1);
    expect(means[1]![1] as number).toBeCloseTo(0.045, 15);
    expect(line!.encoding.y!.title).toBe('ECE (10 bins)');
  });

  it('works without a reference', () => {
    const spec = eceByEpsilonSpec({ measurements: data.measurements }) as unknown as { layer: Layer[] };
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(['point', 'rule', 'line']);
  });

  it.each([
    ['no object', 'x', {}, "'data'"],
    ['no measurements', { measurements: [] }, {}, "'data.measurements'"],
    ['ε above 1', { measurements: [{ epsilon: 2, ece: 0.1 }] }, {}, "'data.measurements[0].epsilon'"],
    ['a negative ECE', { measurements: [{ epsilon: 0, ece: -0.1 }] }, {}, "'data.measurements[0].ece'"],
    ['a reference without label', { ...data, reference: { values: [0.1] } }, {}, "'data.reference.label'"],
    [
      'a NaN reference',
      { ...data, reference: { label: 'TS', values: [Number.NaN] } },
      {},
      "'data.reference.values[0]'",
    ],
    ['an empty metric title', data, { metric: '' }, "'options.metric'"],
    ['a numeric title', data, { title: 3 }, "'options.title'"],
    ['an unknown option', data, { alpha: true }, "'options.alpha'"],
  ])('rejects %s', (_, input, options, message) => {
    const build = () => eceByEpsilonSpec(input as EceByEpsilonData, options as never);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
