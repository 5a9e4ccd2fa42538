import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { trainingCurvesSpec, type TrainingRun } from './training-curves-spec';

const runs: TrainingRun[] = [
  { name: 'baseline', history: { loss: [1, 0.5], val_loss: [1.1, 0.7], acc: [0.5, 0.8] } },
  { name: 'smoothed', history: { loss: [1.2, Number.NaN], val_loss: [1.2, 0.8] } },
];

type Encoding = { field?: string; type?: string; title?: string | null; scale?: { domain?: unknown[] } };
type Curves = {
  data: { values: Record<string, unknown>[] };
  facet: { field: string; sort: string[] };
  columns: number;
  title?: string;
  resolve: { scale: { y: string } };
  spec: {
    width: number;
    height: number;
    encoding: Record<string, Encoding>;
    layer: { mark: { type: string }; encoding: { strokeDash: Encoding } }[];
  };
};

describe('trainingCurvesSpec', () => {
  it('facets lines by metric: epoch against value, one colour per run, validation dashed', () => {
    const spec = trainingCurvesSpec(runs) as unknown as Curves;
    expect(spec.title).toBe('Training curves');
    expect(spec.facet.field).toBe('metric');
    expect(spec.resolve.scale.y).toBe('independent');
    expect([spec.spec.width, spec.spec.height]).toEqual([260, 180]);
    expect(spec.spec.encoding.x).toMatchObject({ field: 'epoch', type: 'quantitative', title: 'epoch' });
    expect(spec.spec.encoding.y).toMatchObject({ field: 'value', type: 'quantitative', title: null });
    expect(spec.spec.encoding.color).toMatchObject({ field: 'run', scale: { domain: ['baseline', 'smoothed'] } });
    const [lines] = spec.spec.layer;
    expect(lines!.mark.type).toBe('line');
    expect(lines!.encoding.strokeDash).toMatchObject({ field: 'split', scale: { domain: ['training', 'validation'] } });
  });

  it('turns histories into long rows: val_ keys become the validation split of the same metric, NaN skipped', () => {
    const spec = trainingCurvesSpec(runs) as unknown as Curves;
    expect(spec.facet.sort).toEqual(['loss', 'acc']);
    expect(spec.columns).toBe(2);
    expect(spec.data.values).toContainEqual({
      run: 'baseline',
      metric: 'loss',
      split: 'validation',
      epoch: 2,
      value: 0.7,
    });
    expect(spec.data.values).toContainEqual({
      run: 'baseline',
      metric: 'acc',
      split: 'training',
      epoch: 1,
      value: 0.5,
    });
    expect(spec.data.values.filter((row) => row.run === 'smoothed' && row.split === 'training')).toHaveLength(1);
    expect(spec.data.values).toHaveLength(9);
  });

  it('keeps only the chosen metrics, in the given order, and drops the title on request', () => {
    const spec = trainingCurvesSpec(runs, { metrics: ['acc'], title: '' }) as unknown as Curves;
    expect(spec.facet.sort).toEqual(['acc']);
    expect(spec.data.values.every((row) => row.metric === 'acc')).toBe(true);
    expect(spec.title).toBeUndefined();
  });

  it.each([
    ['no array', 'x', {}, "'runs'"],
    ['a nameless run', [{ name: '', history: { loss: [1] } }], {}, "'runs[0].name'"],
    ['duplicate names', [runs[0], runs[0]], {}, "'runs[1].name'"],
    ['a missing history', [{ name: 'a' }], {}, "'runs[0].history'"],
    ['a non-array metric', [{ name: 'a', history: { loss: 1 } }], {}, "'runs[0].history.loss'"],
    ['a string value', [{ name: 'a', history: { loss: ['1'] } }], {}, "'runs[0].history.loss[0]'"],
    ['an unknown metric', runs, { metrics: ['auc'] }, "'options.metrics[0]'"],
    ['an unknown option', runs, { metric: ['loss'] } as never, "'options.metric'"],
    ['only NaN', [{ name: 'a', history: { loss: [Number.NaN] } }], {}, 'at least one finite metric value'],
  ])('rejects %s', (_, input, options, message) => {
    const build = () => trainingCurvesSpec(input as TrainingRun[], options);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
