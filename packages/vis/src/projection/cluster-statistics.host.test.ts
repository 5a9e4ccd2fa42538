import { InvalidArgumentError } from '@softlabels/core';
import { expectClose, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { clusterStatistics, type ClusterStatistics, type LabelledPoint } from './cluster-statistics';

interface ClusterCase {
  name: string;
  points: LabelledPoint[];
  expected: ClusterStatistics;
}

const cases = loadFixture<ClusterCase[]>(import.meta.url, '../__fixtures__/cluster-statistics.json');
const exact = { relative: 1e-12, absolute: 1e-12 };

describe('clusterStatistics', () => {
  it('computes a hand-worked case: two classes, unit spread, centroids 4 apart', () => {
    const statistics = clusterStatistics([
      { x: 0, y: 1, label: 0 },
      { x: 0, y: -1, label: 0 },
      { x: 4, y: 1, label: 1 },
      { x: 4, y: -1, label: 1 },
    ]);
    expect(statistics).toEqual({
      classes: [
        { label: 0, count: 2, centroid: { x: 0, y: 0 }, spread: 1 },
        { label: 1, count: 2, centroid: { x: 4, y: 0 }, spread: 1 },
      ],
      centroidDistances: [{ a: 0, b: 1, distance: 4 }],
      meanSpread: 1,
      meanCentroidDistance: 4,
      tightness: 0.25,
    });
  });

  it('computes a hand-worked case: three classes on a 3-4-5 triangle, unequal spreads and counts', () => {
    // class 2 at (0, 0): points (±1, 0) → spread 1; class 5 at (3, 0): one point → spread 0;
    // class 7 at (0, 4): points (0, 4 ± 3) and (0, 4) → distances 3, 3, 0 → spread 2.
    const statistics = clusterStatistics([
      { x: 1, y: 0, label: 2 },
      { x: 0, y: 7, label: 7 },
      { x: 3, y: 0, label: 5 },
      { x: -1, y: 0, label: 2 },
      { x: 0, y: 1, label: 7 },
      { x: 0, y: 4, label: 7 },
    ]);
    expect(statistics.classes.map(({ label, count, spread }) => [label, count, spread])).toEqual([
      [2, 2, 1],
      [5, 1, 0],
      [7, 3, 2],
    ]);
    expect(statistics.centroidDistances).toEqual([
      { a: 2, b: 5, distance: 3 },
      { a: 2, b: 7, distance: 4 },
      { a: 5, b: 7, distance: 5 },
    ]);
    expect(statistics.meanSpread).toBe(1);
    expect(statistics.meanCentroidDistance).toBe(4);
    expect(statistics.tightness).toBe(0.25);
  });

  it('is scale-free: scaling every point leaves the tightness unchanged', () => {
    const points = cases[3]!.points;
    const scaled = points.map((point) => ({ ...point, x: point.x * 7.5, y: point.y * 7.5 }));
    expectClose(clusterStatistics(scaled).tightness, clusterStatistics(points).tightness, exact);
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('matches the NumPy reference: %s', (_, fixture) => {
    const statistics = clusterStatistics(fixture.points);
    const { expected } = fixture;
    expect(statistics.classes.map(({ label, count }) => [label, count])).toEqual(
      expected.classes.map(({ label, count }) => [label, count]),
    );
    expectClose(
      statistics.classes.flatMap(({ centroid, spread }) => [centroid.x, centroid.y, spread]),
      expected.classes.flatMap(({ centroid, spread }) => [centroid.x, centroid.y, spread]),
      exact,
    );
    expect(statistics.centroidDistances.map(({ a, b }) => [a, b])).toEqual(
      expected.centroidDistances.map(({ a, b }) => [a, b]),
    );
    expectClose(
      statistics.centroidDistances.map(({ distance }) => distance),
      expected.centroidDistances.map(({ distance }) => distance),
      exact,
    );
    expectClose(
      [statistics.meanSpread, statistics.meanCentroidDistance, statistics.tightness],
      [expected.meanSpread, expected.meanCentroidDistance, expected.tightness],
      exact,
    );
  });

  it.each([
    ['not an array', 'abc', "Argument 'points' passed to 'clusterStatistics' must be an array"],
    [
      'one class',
      [
        { x: 0, y: 0, label: 1 },
        { x: 1, y: 0, label: 1 },
      ],
      'at least two classes, but got 2 points in 1 class(es)',
    ],
    ['no points', [], 'at least two classes'],
    ['an unlabelled point', [{ x: 0, y: 0, label: null }], "'points[0]'"],
    [
      'a NaN coordinate',
      [
        { x: 0, y: 0, label: 0 },
        { x: Number.NaN, y: 0, label: 1 },
      ],
      "'points[1]'",
    ],
    ['a fractional label', [{ x: 0, y: 0, label: 0.5 }], 'an integer label'],
    [
      'coincident centroids',
      [
        { x: 1, y: 1, label: 0 },
        { x: 1, y: 1, label: 1 },
      ],
      'do not all coincide',
    ],
  ])('rejects %s', (_, points, message) => {
    expect(() => clusterStatistics(points as LabelledPoint[])).toThrow(InvalidArgumentError);
    expect(() => clusterStatistics(points as LabelledPoint[])).toThrow(message);
  });

  it('refuses a huge sparse array at its first hole, without walking its length', () => {
    expect(() => clusterStatistics(new Array(2 ** 32 - 1))).toThrow("'points[0]' passed to 'clusterStatistics'");
  });
});
