import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { tInterval } from './t-interval';

// t₀.₉₇₅ quantiles computed independently (bisection on the numerically integrated t density in float64).
const QUANTILES: [number, number][] = [
  [1, 12.706205],
  [2, 4.302653],
  [3, 3.182446],
  [4, 2.776445],
  [9, 2.262157],
  [19, 2.093024],
];

describe('tInterval', () => {
  it.each(QUANTILES)('uses t(%i) = %f for the half-width', (degrees, quantile) => {
    const values = Array.from({ length: degrees + 1 }, (_, index) => index);
    const mean = degrees / 2;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / degrees);
    const interval = tInterval(values);
    expect(interval.mean).toBeCloseTo(mean, 12);
    expect(interval.high - mean).toBeCloseTo((quantile * sd) / Math.sqrt(degrees + 1), 5);
    expect(mean - interval.low).toBeCloseTo(interval.high - mean, 12);
    expect(interval).toMatchObject({ level: 0.95, method: 't' });
  });

  it('stays within 1e-4 of t beyond the table (t(40) = 2.021075)', () => {
    const values = Array.from({ length: 41 }, (_, index): number => (index % 2 === 0 ? 1 : -1));
    const mean = values.reduce((sum, value) => sum + value, 0) / 41;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / 40);
    const interval = tInterval(values);
    expect(Math.abs((interval.high - interval.mean) / (sd / Math.sqrt(41)) - 2.021075)).toBeLessThan(1e-4);
  });

  it('is a point for equal values and refuses fewer than two', () => {
    expect(tInterval([0.5, 0.5, 0.5])).toMatchObject({ low: 0.5, high: 0.5 });
    expect(() => tInterval([0.5])).toThrow(InvalidArgumentError);
  });
});
