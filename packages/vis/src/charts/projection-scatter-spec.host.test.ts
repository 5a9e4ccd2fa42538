import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { projectionScatterSpec, type ProjectionPanel } from './projection-scatter-spec';

const panel: ProjectionPanel = {
  title: 'baseline, training',
  points: [
    { x: 0, y: 0, label: 0 },
    { x: 4, y: 1, label: 2 },
  ],
  vertices: [
    { x: 0, y: 0, label: 0 },
    { x: 3, y: 0, label: 1 },
    { x: 1, y: 2, label: 2 },
  ],
};

type Concat = {
  concat: {
    title: string;
    width: number;
    height: number;
    data: { values: Record<string, unknown>[] };
    layer: {
      mark: { type: string; shape?: string };
      transform?: { filter: string }[];
      encoding: Record<string, { field?: string; title?: string; scale?: { domain: unknown } }>;
    }[];
  }[];
};

describe('projectionScatterSpec', () => {
  it('draws examples as circles and templates as named diamonds on u₁/u₂ axes, classes by name', () => {
    const spec = projectionScatterSpec([panel], { classNames: ['a', 'b', 'c'] }) as unknown as Concat & {
      title: string;
      columns: number;
    };
    expect(spec.title).toBe('Penultimate-layer activations on the template plane');
    expect(spec.columns).toBe(1);
    const [chart] = spec.concat;
    expect([chart!.title, chart!.width, chart!.height]).toEqual(['baseline, training', 240, 240]);
    const [examples, templates, names] = chart!.layer;
    expect(examples!.mark.type).toBe('circle');
    expect(examples!.transform).toEqual([{ filter: "datum.kind === 'example'" }]);
    expect([templates!.mark.type, templates!.mark.shape]).toEqual(['point', 'diamond']);
    expect(templates!.transform).toEqual([{ filter: "datum.kind === 'template'" }]);
    expect(names!.mark.type).toBe('text');
    expect(examples!.encoding.x).toMatchObject({ field: 'x', title: 'u₁' });
    expect(examples!.encoding.y).toMatchObject({ field: 'y', title: 'u₂' });
    expect(examples!.encoding.color).toMatchObject({ field: 'class', scale: { domain: ['a', 'b', 'c'] } });
  });

  it('draws one square panel per model/split with examples and named template vertices', () => {
    const spec = projectionScatterSpec([panel, { ...panel, title: 'label smoothing, validation', vertices: [] }], {
      columns: 1,
      width: 200,
      height: 200,
    }) as unknown as Concat & { columns: number };
    expect(spec.columns).toBe(1);
    expect(spec.concat.map((chart) => chart.title)).toEqual(['baseline, training', 'label smoothing, validation']);
    const [first] = spec.concat;
    expect(first!.data.values.filter((row) => row.kind === 'template').map((row) => row.class)).toEqual([
      'class 0',
      'class 1',
      'class 2',
    ]);
    expect(first!.data.values.filter((row) => row.kind === 'example')).toHaveLength(2);
    // Square domains: equal spans on both axes, enclosing every point (x spans 0..4, y spans 0..2).
    const x = first!.layer[0]!.encoding.x!.scale!.domain as [number, number];
    const y = first!.layer[0]!.encoding.y!.scale!.domain as [number, number];
    expect(x[1] - x[0]).toBeCloseTo(y[1] - y[0], 12);
    expect(x[0]).toBeLessThan(0);
    expect(x[1]).toBeGreaterThan(4);
    expect((y[0] + y[1]) / 2).toBeCloseTo(1, 12);
    // One colour per class across all panels, in label order.
    expect(first!.layer[0]!.encoding.color!.scale!.domain).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('names unlabelled points', () => {
    const spec = projectionScatterSpec([{ title: 'p', points: [{ x: 1, y: 1, label: null }] }]) as unknown as Concat;
    expect(spec.concat[0]!.data.values[0]!.class).toBe('unlabelled');
  });

  it.each([
    ['no panels', [], {}, "'panels'"],
    ['a panel without title', [{ ...panel, title: '' }], {}, "'panels[0].title'"],
    ['an empty panel', [{ title: 't', points: [] }], {}, "'panels[0]'"],
    ['a NaN point', [{ title: 't', points: [{ x: Number.NaN, y: 0, label: 0 }] }], {}, "'panels[0].points[0]'"],
    ['a bad vertex label', [{ ...panel, vertices: [{ x: 0, y: 0, label: 0.5 }] }], {}, "'panels[0].vertices[0]'"],
    ['zero columns', [panel], { columns: 0 }, "'options.columns'"],
    ['a tiny width', [panel], { width: 3 }, "'options.width'"],
    ['class names that are no array', [panel], { classNames: 'abc' }, "'options.classNames'"],
    ['an unknown option', [panel], { names: ['a'] }, "'options.names'"],
  ])('rejects %s', (_, panels, options, message) => {
    const build = () => projectionScatterSpec(panels as ProjectionPanel[], options as never);
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });
});
