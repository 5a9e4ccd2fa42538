import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { projectOntoClassPlane } from './project-onto-class-plane';

interface ProjectionCase {
  name: string;
  activations: number[][];
  templates: number[][];
  classes: [number, number, number];
  labels: number[];
  points: [number, number][];
  vertices: [number, number][];
  basis: [number[], number[]];
}

const cases = loadFixture<ProjectionCase[]>(import.meta.url, '../__fixtures__/projection.json');

/** A deterministic generator (xorshift32 → uniform [-1, 1)), so the constructed geometry is reproducible. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state / 2 ** 32) * 2 - 1;
  };
}

const dot = (left: number[], right: number[]): number =>
  left.reduce((sum, value, index) => sum + value * (right[index] as number), 0);
const add = (left: number[], right: number[], scale = 1): number[] =>
  left.map((value, index) => value + scale * (right[index] as number));
const norm = (vector: number[]): number => Math.sqrt(dot(vector, vector));

/** Orthonormalises `vectors` in order (classical Gram–Schmidt, re-orthogonalised once). */
function orthonormal(vectors: number[][]): number[][] {
  const basis: number[][] = [];
  for (const vector of vectors) {
    let residual = vector;
    for (let pass = 0; pass < 2; pass += 1) {
      for (const unit of basis) residual = add(residual, unit, -dot(residual, unit));
    }
    basis.push(residual.map((value) => value / norm(residual)));
  }
  return basis;
}

/**
 * Templates at known plane coordinates and activations placed at known (s, t) plus large components orthogonal to
 * the plane; the bias coordinate of each extended activation is forced to 1 by moving along the plane's normal space.
 */
function constructed(dimension: number, seed: number) {
  const random = generator(seed);
  const width = dimension + 1;
  const vector = (): number[] => Array.from({ length: width }, () => random() * 3);
  const [u1, u2] = orthonormal([vector(), vector()]) as [number[], number[]];
  const origin = vector();
  const bVertex: [number, number] = [2.5, 0];
  const cVertex: [number, number] = [0.7, 1.9];
  const at = (s: number, t: number): number[] => add(add(origin, u1, s), u2, t);
  const templates = [vector(), at(...bVertex), vector(), origin, at(...cVertex)]; // classes a = 3, b = 1, c = 4
  const lastAxis = Array.from({ length: width }, (_, index) => (index === width - 1 ? 1 : 0));
  const normal = add(add(lastAxis, u1, -u1[width - 1]!), u2, -u2[width - 1]!); // e_last minus its in-plane part
  const wanted: [number, number][] = [];
  const activations: number[][] = [];
  for (let row = 0; row < 9; row += 1) {
    const s = random() * 4;
    const t = random() * 4;
    let offPlane = vector().map((value) => value * 50);
    offPlane = add(add(offPlane, u1, -dot(offPlane, u1)), u2, -dot(offPlane, u2));
    let point = add(at(s, t), offPlane);
    point = add(point, normal, (1 - point[width - 1]!) / normal[width - 1]!);
    wanted.push([s, t]);
    activations.push(point.slice(0, dimension));
  }
  return { templates, activations, wanted, u1, u2, bVertex, cVertex, classes: [3, 1, 4] as [number, number, number] };
}

function pairwiseDistances(points: { x: number; y: number }[]): number[] {
  return points.flatMap((first, index) =>
    points.slice(index + 1).map((second) => Math.hypot(first.x - second.x, first.y - second.y)),
  );
}

describe('projectOntoClassPlane', () => {
  it.each(cases.map((fixture) => [fixture.name, fixture] as const))(
    'matches the float64 NumPy reference: %s',
    (_, fixture) => {
      const projection = projectOntoClassPlane(fixture.activations, fixture.templates, fixture.classes, {
        labels: fixture.labels,
      });
      const scale = Math.max(1, ...fixture.templates.flat().map(Math.abs));
      const tolerance = { relative: 0, absolute: 1e-9 * scale };
      expectClose(
        projection.points.flatMap(({ x, y }) => [x, y]),
        fixture.points.flat(),
        tolerance,
      );
      expectClose(
        projection.vertices.flatMap(({ x, y }) => [x, y]),
        fixture.vertices.flat(),
        tolerance,
      );
      expectClose(projection.basis.flat(), fixture.basis.flat(), { relative: 0, absolute: 1e-9 });
      expect(projection.points.map(({ label }) => label)).toEqual(fixture.labels);
      expect(projection.points.map(({ index }) => index)).toEqual(fixture.labels.map((_, index) => index));
      expect(projection.origin).toEqual(fixture.templates[fixture.classes[0]]);
    },
  );

  it.each([2, 3, 7, 40])(
    'recovers constructed plane coordinates to 1e-9, dropping off-plane components (D = %i, seed 17 + D)',
    (dimension) => {
      const geometry = constructed(dimension, 17 + dimension);
      const projection = projectOntoClassPlane(geometry.activations, geometry.templates, geometry.classes);
      const tolerance = { relative: 0, absolute: 1e-9 };
      expectClose(
        projection.points.flatMap(({ x, y }) => [x, y]),
        geometry.wanted.flat(),
        tolerance,
      );
      expectClose(
        projection.vertices.flatMap(({ x, y }) => [x, y]),
        [0, 0, ...geometry.bVertex, ...geometry.cVertex],
        tolerance,
      );
      expectClose(projection.basis[0], geometry.u1, tolerance);
      expectClose(projection.basis[1], geometry.u2, tolerance);
      expect(projection.vertices.map(({ label }) => label)).toEqual(geometry.classes);
      expect(projection.points.every(({ label }) => label === null)).toBe(true);
    },
  );

  it('returns an orthonormal basis', () => {
    for (const fixture of cases) {
      const [u1, u2] = projectOntoClassPlane(fixture.activations, fixture.templates, fixture.classes).basis;
      expect(Math.abs(norm(u1) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(norm(u2) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(dot(u1, u2))).toBeLessThan(1e-12);
    }
  });

  it('only rotates or reflects the picture when the vertex order changes (distances preserved)', () => {
    const geometry = constructed(6, 99);
    const [a, b, c] = geometry.classes;
    const reference = projectOntoClassPlane(geometry.activations, geometry.templates, [a, b, c]);
    const expected = pairwiseDistances([...reference.points, ...reference.vertices]);
    for (const order of [
      [b, a, c],
      [c, b, a],
      [b, c, a],
      [a, c, b],
      [c, a, b],
    ] as [number, number, number][]) {
      const projection = projectOntoClassPlane(geometry.activations, geometry.templates, order);
      const byClass = order.map((k) => projection.vertices.find((vertex) => vertex.label === k)!);
      const vertices = [a, b, c].map((k) => byClass.find((vertex) => vertex.label === k)!);
      expectClose(pairwiseDistances([...projection.points, ...vertices]), expected, { relative: 0, absolute: 1e-9 });
      expect(projection.points.map(({ x, y }) => [x, y])).not.toEqual(reference.points.map(({ x, y }) => [x, y]));
    }
  });

  it("keeps only the three classes' examples with select 'chosen-classes', remembering their rows", () => {
    const fixture = cases[4]!;
    const labels = fixture.activations.map((_, row) => [fixture.classes[0], 99, fixture.classes[2]][row % 3] ?? 0);
    const valid = labels.map((label) => (label === 99 ? (fixture.classes[1] + 1) % fixture.templates.length : label));
    const chosen = new Set<number>(fixture.classes);
    const projection = projectOntoClassPlane(fixture.activations, fixture.templates, fixture.classes, {
      labels: valid,
      select: 'chosen-classes',
    });
    const expectedRows = valid.flatMap((label, row) => (chosen.has(label) ? [row] : []));
    expect(projection.points.map(({ index }) => index)).toEqual(expectedRows);
    expectClose(
      projection.points.flatMap(({ x, y }) => [x, y]),
      expectedRows.flatMap((row) => fixture.points[row]!),
      { relative: 0, absolute: 1e-9 },
    );
  });

  it('reads tensors (float32) as well as arrays, leaking nothing', async () => {
    const fixture = cases[3]!;
    await expectNoLeak(() => {
      const activations = tf.tensor2d(fixture.activations);
      const templates = tf.tensor2d(fixture.templates);
      const labels = tf.tensor1d(fixture.labels, 'int32');
      const projection = projectOntoClassPlane(activations, templates, fixture.classes, { labels });
      expectClose(
        projection.points.flatMap(({ x, y }) => [x, y]),
        fixture.points.flat(),
        { relative: 1e-4, absolute: 1e-4 },
      );
      expect(projection.points.map(({ label }) => label)).toEqual(fixture.labels);
      tf.dispose([activations, templates, labels]);
    });
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const templates = [
      [0, 0, 1],
      [2, 0, 1],
      [0, 2, 1],
      [1, 1, 1],
    ];
    const activations = [
      [1, 1],
      [0, 0],
    ];
    const project =
      (...args: unknown[]) =>
      () =>
        (projectOntoClassPlane as (...rest: unknown[]) => unknown)(...args);
    expect(project(activations, templates, [0, 1, 1])).toThrow(InvalidArgumentError);
    expect(project(activations, templates, [0, 1, 1])).toThrow(
      "Argument 'classes' passed to 'projectOntoClassPlane' must be three distinct",
    );
    expect(project(activations, templates, [0, 1, 4])).toThrow('integer class indices in [0, 3]');
    expect(project(activations, templates, [0, 1])).toThrow(InvalidArgumentError);
    expect(project([[1, 1, 1]], templates, [0, 1, 2])).toThrow(ShapeMismatchError);
    expect(project([[1, 1, 1]], templates, [0, 1, 2])).toThrow(
      "Argument 'activations' passed to 'projectOntoClassPlane' must have shape [N >= 1, 2]",
    );
    expect(project([], templates, [0, 1, 2])).toThrow(ShapeMismatchError);
    expect(project([[1, 1], [1]], templates, [0, 1, 2])).toThrow(
      'have rows of equal length (row 0 has 2, row 1 has 1)',
    );
    expect(project([[1, Number.NaN]], templates, [0, 1, 2])).toThrow(
      'must contain only finite values, but got NaN at flat index 1',
    );
    expect(
      project(
        activations,
        [
          [0, 0, 1],
          [1, 1, 1],
        ],
        [0, 1, 2],
      ),
    ).toThrow('at least 3 classes');
    expect(
      project(
        activations,
        [
          [0, 0, 1],
          [1, 0, 1],
          [2, 0, 1],
        ],
        [0, 1, 2],
      ),
    ).toThrow('affinely independent templates');
    expect(
      project(
        activations,
        [
          [0, 0, 1],
          [0, 0, 1],
          [2, 2, 1],
        ],
        [0, 1, 2],
      ),
    ).toThrow('collinear or coincident');
    expect(project(activations, templates, [0, 1, 2], { labels: [0] })).toThrow('one label per activation row [2]');
    expect(project(activations, templates, [0, 1, 2], { labels: [0, 7] })).toThrow("'options.labels'");
    expect(project(activations, templates, [0, 1, 2], { select: 'chosen-classes' })).toThrow("'options.labels'");
    expect(project(activations, templates, [0, 1, 2], { select: 'some' })).toThrow("'options.select'");
    expect(project(activations, templates, [0, 1, 2], { labelled: true })).toThrow("'options.labelled'");
    expect(project('x', templates, [0, 1, 2])).toThrow('rank-2 tensor or an array of numeric rows');
    const vector = tf.tensor1d([1, 2]);
    expect(project(vector, templates, [0, 1, 2])).toThrow('must have rank 2');
    vector.dispose();
    expect(project(activations, vector, [0, 1, 2])).toThrow('a disposed tensor');
  });
});
