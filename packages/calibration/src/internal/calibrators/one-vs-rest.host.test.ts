import { describe, expect, it } from 'vitest';
import { calibratedColumns, combineColumns } from './one-vs-rest';

describe('one-vs-rest', () => {
  it('calibrates class 1 alone for two classes and every class otherwise', () => {
    expect(calibratedColumns(2)).toEqual([1]);
    expect(calibratedColumns(3)).toEqual([0, 1, 2]);
  });

  it('gives [1 − q, q] for two classes', () => {
    expect(Array.from(combineColumns([Float64Array.of(0.25, 1)], 2, 2))).toEqual([0.75, 0.25, 0, 1]);
  });

  it('divides rows by their sums for more classes, an all-zero row becoming uniform', () => {
    const out = combineColumns([Float64Array.of(0.2, 0), Float64Array.of(0.2, 0), Float64Array.of(0.6, 0)], 2, 3);
    expect(Array.from(out)).toEqual([0.2, 0.2, 0.6, 1 / 3, 1 / 3, 1 / 3]);
  });
});
