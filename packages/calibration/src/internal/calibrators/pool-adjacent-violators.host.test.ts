import { expectClose } from '@softlabels/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolAdjacentViolators } from './pool-adjacent-violators';

/** The textbook fit: merge the first adjacent pair of blocks out of order until none is, O(n²). */
function pooledByHand(y: number[], weights: number[]): number[] {
  const blocks = y.map((value, index) => ({
    sum: value * (weights[index] as number),
    weight: weights[index] as number,
    size: 1,
  }));
  for (let index = 0; index + 1 < blocks.length;) {
    const left = blocks[index] as (typeof blocks)[number];
    const right = blocks[index + 1] as (typeof blocks)[number];
    if (left.sum / left.weight > right.sum / right.weight) {
      blocks.splice(index, 2, {
        sum: left.sum + right.sum,
        weight: left.weight + right.weight,
        size: left.size + right.size,
      });
      index = Math.max(index - 1, 0);
    } else {
      index += 1;
    }
  }
  return blocks.flatMap((block) => Array.from({ length: block.size }, () => block.sum / block.weight));
}

describe('poolAdjacentViolators', () => {
  it('pools a violating pair into its weighted mean', () => {
    const y = Float64Array.of(1, 3, 2, 4);
    poolAdjacentViolators(y, Float64Array.of(1, 1, 3, 1));
    expect(Array.from(y)).toEqual([1, 2.25, 2.25, 4]);
  });

  it('leaves an increasing sequence as it is, and pools a decreasing one into one mean', () => {
    const increasing = Float64Array.of(0, 0.5, 1);
    poolAdjacentViolators(increasing, Float64Array.of(1, 1, 1));
    expect(Array.from(increasing)).toEqual([0, 0.5, 1]);
    const decreasing = Float64Array.of(1, 0, 0, 0);
    poolAdjacentViolators(decreasing, Float64Array.of(1, 1, 1, 1));
    expect(Array.from(decreasing)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('gives the non-decreasing fit of the textbook algorithm, keeping the weighted sum (seeded)', () => {
    const cases = fc.array(
      fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true })),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(cases, (pairs) => {
        const y = Float64Array.from(pairs, ([value]) => value);
        const weights = Float64Array.from(pairs, ([, weight]) => weight);
        const expected = pooledByHand(Array.from(y), Array.from(weights));
        poolAdjacentViolators(y, Float64Array.from(weights));
        for (let index = 1; index < y.length; index += 1)
          expect(y[index]).toBeGreaterThanOrEqual(y[index - 1] as number);
        expectClose(y, expected, { relative: 1e-12, absolute: 1e-12 });
        const sum = (values: ArrayLike<number>) =>
          Array.from(values).reduce((total, value, index) => total + value * (weights[index] as number), 0);
        expectClose(sum(y), sum(pairs.map(([value]) => value)), { relative: 1e-12, absolute: 1e-10 });
      }),
      { seed: 1990, numRuns: 300 },
    );
  });
});
