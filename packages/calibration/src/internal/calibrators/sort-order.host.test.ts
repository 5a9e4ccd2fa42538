import { RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { sortOrder } from './sort-order';

describe('sortOrder', () => {
  it('orders negative, zero, tiny, tied and large values as a numeric sort does, ties kept in index order', () => {
    const random = new RandomSource(4);
    const values = Float64Array.from({ length: 2000 }, (_, index) => {
      const pick = index % 5;
      if (pick === 0) return Math.round(random.normal() * 3) / 4;
      if (pick === 1) return random.uniform() * 1e-300;
      if (pick === 2) return -random.uniform() * 1e10;
      if (pick === 3) return index % 2 === 0 ? 0 : -0;
      return random.normal();
    });
    const order = Array.from(sortOrder(values));
    const expected = Array.from(values.keys()).sort((i, j) => (values[i] as number) - (values[j] as number) || i - j);
    const zeros = (list: number[]) =>
      list.map((index) => (Object.is(values[index], -0) ? 0 : (values[index] as number)));
    expect(zeros(order)).toEqual(zeros(expected));
    const nonZero = (list: number[]) => list.filter((index) => values[index] !== 0);
    expect(nonZero(order)).toEqual(nonZero(expected));
  });

  it('sorts views into a larger buffer and empty arrays', () => {
    const buffer = Float64Array.of(9, 3, 1, 2, 9);
    expect(Array.from(sortOrder(buffer.subarray(1, 4)))).toEqual([1, 2, 0]);
    expect(sortOrder(new Float64Array(0))).toHaveLength(0);
  });
});
