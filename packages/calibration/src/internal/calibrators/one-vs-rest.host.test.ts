import { describe, expect, it } from 'vitest';
import { calibratedColumns, forEachColumn, mapColumns } from './one-vs-rest';

describe('one-vs-rest', () => {
  it('calibrates class 1 alone for two classes and every class otherwise', () => {
    expect(calibratedColumns(2)).toEqual([1]);
    expect(calibratedColumns(3)).toEqual([0, 1, 2]);
  });

  it('reads every calibrated column of wide rows, in blocks', () => {
    const classes = 70;
    const values = Float64Array.from({ length: 3 * classes }, (_, index) => index);
    const seen: number[][] = [];
    forEachColumn(values, 3, classes, (x, index) => seen.push([index, ...x]));
    expect(seen).toEqual(Array.from({ length: classes }, (_, k) => [k, k, classes + k, 2 * classes + k]));
  });

  it('gives [1 − q, q] for two classes', () => {
    const out = mapColumns(Float64Array.of(0.5, 0.5, 0, 1), 2, 2, (x) => x.map((p) => p / 2));
    expect(Array.from(out)).toEqual([0.75, 0.25, 0.5, 0.5]);
  });

  it('divides rows by their sums for more classes, an all-zero row becoming uniform', () => {
    const values = Float64Array.of(0.2, 0.2, 0.6, 0, 0, 0);
    expect(Array.from(mapColumns(values, 2, 3, (x) => x))).toEqual([0.2, 0.2, 0.6, 1 / 3, 1 / 3, 1 / 3]);
    const wide = mapColumns(new Float64Array(2 * 40).fill(1), 2, 40, (x, index) => x.map(() => index));
    expect(wide[39]).toBeCloseTo(39 / 780, 15);
    expect(wide[40 + 1]).toBeCloseTo(1 / 780, 15);
  });
});
