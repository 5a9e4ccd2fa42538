import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { distillationPlotSpec, type DistillationPlotData } from './distillation-plot-spec';

const data: DistillationPlotData = {
  points: [
    { teacher: 'hard', gamma: 0.2, temperature: 4, accuracy: 0.8, seed: 0 },
    { teacher: 'hard', gamma: 0.2, temperature: 4, accuracy: 0.9, seed: 1 },
    { teacher: 'hard', gamma: 0.2, temperature: 4, accuracy: 0.85, seed: 2 },
    { teacher: 'hard', gamma: 0.01, temperature: 1, accuracy: 0.7 },
    { teacher: 'smoothed', gamma: 0.1, accuracy: 0.75 },
    { teacher: 'smoothed', gamma: 0.3, temperature: 1, label: 'ε=0.3', accuracy: 0.72 },
  ],
  baseline: { label: 'student alone', values: [0.6, 0.7] },
};

type Encoding = { field?: string; type?: string; title?: string; scale?: { domain?: unknown[] }; axis?: object };
type Layer = {
  data: { values: Record<string, unknown>[] };
  mark: { type: string };
  encoding: Record<string, Encoding>;
};

describe('distillationPlotSpec', () => {
  it('plots student accuracy against γ, one colour per teacher, with a padded domain that includes 0', () => {
    const spec = distillationPlotSpec(data) as unknown as {
      title: { text: string; subtitle: string[] };
      width: number;
      height: number;
      layer: Layer[];
    };
    expect(spec.title.text).toBe('Distillation: student accuracy vs teacher smoothness');
    expect(spec.title.subtitle).toEqual(['large points: mean over runs; bars: min–max', 'small dots: single runs']);
    expect([spec.width, spec.height]).toEqual([380, 260]);
    expect(spec.layer.map((layer) => layer.mark.type)).toEqual([
      'rect',
      'rule',
      'text',
      'point',
      'rule',
      'line',
      'text',
    ]);
    for (const layer of spec.layer.slice(3)) {
      expect(layer.encoding.x).toMatchObject({ field: 'gamma', type: 'quantitative', title: 'teacher smoothness γ' });
      expect(layer.encoding.y).toMatchObject({ title: 'student accuracy', axis: { format: '.1%' } });
      expect(layer.encoding.color).toMatchObject({ field: 'teacher', scale: { domain: ['hard', 'smoothed'] } });
    }
    const [low, high] = spec.layer[3]!.encoding.x!.scale!.domain as [number, number];
    expect(low).toBeCloseTo(-0.018, 12);
    expect(high).toBeCloseTo(0.318, 12);
    expect(spec.layer.slice(3).map((layer) => layer.encoding.y!.field)).toEqual(['accuracy', 'lower', 'mean', 'mean']);
    expect(spec.layer[6]!.encoding.text).toEqual({ field: 'label' });
  });

  it('summarises repeats per teacher setting (mean, min–max), sorted by γ, labelled with T', () => {
    const spec = distillationPlotSpec(data) as unknown as { layer: Layer[] };
    const [band, rule, label, single, bars, means] = spec.layer;
    expect([band!.mark.type, rule!.mark.type, label!.mark.type]).toEqual(['rect', 'rule', 'text']);
    expect(band!.data.values).toEqual([
      { label: 'student alone (mean of 2)', mean: (0.6 + 0.7) / 2, lower: 0.6, upper: 0.7 },
    ]);
    expect(single!.data.values).toHaveLength(6);
    expect(bars!.data.values).toBe(means!.data.values);
    const summaries = means!.data.values.map(({ teacher, gamma, label: text, count, lower, upper }) => [
      teacher,
      gamma,
      text,
      count,
      lower,
      upper,
    ]);
    expect(summaries).toEqual([
      ['hard', 0.01, 'T=1', 1, 0.7, 0.7],
      ['smoothed', 0.1, '', 1, 0.75, 0.75],
      ['hard', 0.2, 'T=4', 3, 0.8, 0.9],
      ['smoothed', 0.3, 'ε=0.3', 1, 0.72, 0.72],
    ]);
    expect(means!.data.values[2]!.mean).toBeCloseTo(0.85, 15);
  });

  it('uses ±1 sample standard deviation with spread standard-deviation', () => {
    const spec = distillationPlotSpec({ points: data.points }, { spread: 'standard-deviation' }) as unknown as {
      layer: Layer[];
    };
    expect(spec.layer).toHaveLength(4);
    const last = spec.layer[3]!.data.values[2]!;
    expect(last.upper as number).toBeCloseTo(0.85 + 0.05, 12);
    expect(last.lower as number).toBeCloseTo(0.85 - 0.05, 12);
  });

  it.each([
    ['no object', null, {}, "'data'"],
    ['no students', { points: [] }, {}, "'data.points'"],
    [
      'an accuracy in percent',
      { points: [{ teacher: 'a', gamma: 0.1, accuracy: 85 }] },
      {},
      "'data.points[0].accuracy'",
    ],
    ['a negative γ', { points: [{ teacher: 'a', gamma: -0.1, accuracy: 0.5 }] }, {}, "'data.points[0].gamma'"],
    [
      'a zero temperature',
      { points: [{ teacher: 'a', gamma: 0.1, accuracy: 0.5, temperature: 0 }] },
      {},
      "'data.points[0].temperature'",
    ],
    ['a nameless teacher', { points: [{ teacher: '', gamma: 0.1, accuracy: 0.5 }] }, {}, "'data.points[0].teacher'"],
    [
      'an empty label',
      { points: [{ teacher: 'a', gamma: 0.1, accuracy: 0.5, label: '' }] },
      {},
      "'data.points[0].label'",
    ],
    ['an empty baseline', { points: data.points, baseline: { label: 'x', values: [] } }, {}, "'data.baseline.values'"],
    ['an unknown spread', data, { spread: 'iqr' }, "'options.spread'"],
    ['an unknown option', data, { spreads: 'min-max' }, "'options.spreads'"],
  ])('rejects %s', (_, input, options, message) => {
    const build = () => distillationPlotSpec(input as DistillationPlotData, options as never);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
