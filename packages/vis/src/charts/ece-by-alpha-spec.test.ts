import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { eceByAlphaSpec, type EceByAlphaData } from './ece-by-alpha-spec';

const data: EceByAlphaData = {
  measurements: [
    { alpha: 0.1, ece: 0.04, seed: 0 },
    { alpha: 0, ece: 0.06, seed: 0 },
    { alpha: 0, ece: 0.08, seed: 1 },
    { alpha: 0.1, ece: 0.05, seed: 1 },
  ],
  reference: { label: 'temperature scaling', values: [0.02] },
};

type Layer = {
  data: { values: Record<string, unknown>[] };
  mark: { type: string };
  encoding: { y?: { title?: string } };
};

describe('eceByAlphaSpec', () => {
  it('is a pure function of its data (snapshot)', () => {
    expect(eceByAlphaSpec(data)).toEqual(eceByAlphaSpec(data));
    expect(eceByAlphaSpec(data)).toMatchSnapshot();
  });

  it('draws the mean per α with min–max bars, single runs, and the reference level', () => {
    const spec = eceByAlphaSpec(data, { metric: 'ECE (10 bins)' }) as unknown as { layer: Layer[] };
    const [band, rule, label, single, bars, line] = spec.layer;
    expect(band!.data.values).toEqual([
      { label: 'temperature scaling (one run)', mean: 0.02, lower: 0.02, upper: 0.02 },
    ]);
    expect(rule!.mark.type).toBe('rule');
    expect(label!.mark.type).toBe('text');
    expect(single!.data.values).toHaveLength(4);
    expect(bars!.mark.type).toBe('rule');
    expect(line!.mark.type).toBe('line');
    const means = line!.data.values.map(({ alpha, mean, lower, upper, count }) => [alpha, mean, lower, upper, count]);
    expect(means[0]).toEqual([0, 0.07, 0.06, 0.08, 2]);
    expect(means[1]![0]).toBe(0.1);
    expect(means[1]![1] as number).toBeCloseTo(0.045, 15);
    expect(line!.encoding.y!.title).toBe('ECE (10 bins)');
  });

  it('works without a reference', () => {
    const spec = eceByAlphaSpec({ measurements: data.measurements }) as unknown as { layer: Layer[] };
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual(['point', 'rule', 'line']);
  });

  it.each([
    ['no object', 'x', {}, "'data'"],
    ['no measurements', { measurements: [] }, {}, "'data.measurements'"],
    ['α above 1', { measurements: [{ alpha: 2, ece: 0.1 }] }, {}, "'data.measurements[0].alpha'"],
    ['a negative ECE', { measurements: [{ alpha: 0, ece: -0.1 }] }, {}, "'data.measurements[0].ece'"],
    ['a reference without label', { ...data, reference: { values: [0.1] } }, {}, "'data.reference.label'"],
    [
      'a NaN reference',
      { ...data, reference: { label: 'TS', values: [Number.NaN] } },
      {},
      "'data.reference.values[0]'",
    ],
    ['an empty metric title', data, { metric: '' }, "'options.metric'"],
    ['a numeric title', data, { title: 3 }, "'options.title'"],
  ])('rejects %s', (_, input, options, message) => {
    const build = () => eceByAlphaSpec(input as EceByAlphaData, options as never);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
