import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { summarise } from './summarise';

describe('summarise', () => {
  it('gives the mean with min–max or ±1 sample standard deviation', () => {
    const minMax = summarise([1, 2, 6], 'min-max');
    expect(minMax).toMatchObject({ mean: 3, lower: 1, upper: 6, count: 3 });
    expect(minMax.sd).toBeCloseTo(Math.sqrt(7), 12);
    const { mean, sd, lower, upper } = summarise([1, 2, 6], 'standard-deviation');
    expect(mean).toBe(3);
    expect(sd).toBeCloseTo(Math.sqrt(7), 12); // ((4 + 1 + 9) / 2) = 7
    expect(upper - mean).toBeCloseTo(Math.sqrt(7), 12);
    expect(mean - lower).toBeCloseTo(Math.sqrt(7), 12);
    expect(summarise([5], 'standard-deviation')).toEqual({ mean: 5, sd: 0, lower: 5, upper: 5, count: 1 });
  });

  it('refuses a null spread instead of reading it as the default', () => {
    expect(() => summarise([1, 2], null as never)).toThrow("'spread' passed to 'summarise'");
  });

  it('uses the standard deviation unless told otherwise', () => {
    const summary = summarise([1, 3]);
    expect(summary.mean).toBe(2);
    expect(summary.sd).toBeCloseTo(Math.SQRT2, 12);
    expect(summary.lower).toBeCloseTo(2 - Math.SQRT2, 12);
    expect(summary.upper).toBeCloseTo(2 + Math.SQRT2, 12);
    expect(summary.count).toBe(2);
  });

  it('lets a NaN propagate to the mean, deviation and bar', () => {
    const summary = summarise([1, Number.NaN]);
    expect([summary.mean, summary.sd, summary.lower, summary.upper].every(Number.isNaN)).toBe(true);
    expect(summary.count).toBe(2);
  });

  it.each([
    ['an empty list', [], undefined, "'values' passed to 'summarise' must be a non-empty array of numbers"],
    ['no array', 'abc', undefined, "'values'"],
    ['a string value', [1, '2'], undefined, "'values[1]' passed to 'summarise' must be a number"],
    ['an unknown spread', [1], 'iqr', "'spread' passed to 'summarise' must be one of 'min-max', 'standard-deviation'"],
  ])('rejects %s', (_label, values, spread, message) => {
    const call = () => summarise(values as number[], spread as never);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(message);
  });
});
