import { afterAll, describe, expect, it, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { KernelWorker } from './internal/kernel-threads';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { multiplyTransposed } from './multiply-transposed';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';

const random = new RandomSource(41203);
const values = (length: number): Float64Array => Float64Array.from({ length }, () => random.normal());

/** A Bᵀ entry by entry, in order. */
function reference(a: Float64Array, b: Float64Array, rows: number, inner: number, outer: number): Float64Array {
  const out = new Float64Array(rows * outer);
  for (let r = 0; r < rows; r += 1) {
    for (let i = 0; i < outer; i += 1) {
      let sum = 0;
      for (let j = 0; j < inner; j += 1) sum += (a[r * inner + j] as number) * (b[i * inner + j] as number);
      out[r * outer + i] = sum;
    }
  }
  return out;
}

function largestDifference(x: Float64Array, y: Float64Array): number {
  return x.reduce((worst, value, index) => Math.max(worst, Math.abs(value - (y[index] as number))), 0);
}

afterAll(() => {
  setKernelThreads('auto');
});

describe('multiplyTransposed', () => {
  // Around the 4-row and 2-row tiles, odd inner lengths, the 256-wide panels and the 128-row chunks.
  it.each([
    [1, 1, 1],
    [3, 5, 2],
    [4, 7, 3],
    [5, 256, 9],
    [129, 257, 4],
    [7, 3, 300],
    [0, 4, 4],
  ])('matches the float64 reference at %i rows, inner %i, outer %i', (rows, inner, outer) => {
    const a = values(rows * inner);
    const b = values(outer * inner);
    const actual = multiplyTransposed({ a, rows, inner, b, outer });
    expect(actual).toHaveLength(rows * outer);
    expect(largestDifference(actual, reference(a, b, rows, inner, outer))).toBeLessThan(1e-12);
  });

  it('splits large products over the kernel threads with the same result', async () => {
    const inner = 300;
    const rows = Math.ceil(THREAD_THRESHOLD / inner) + 5;
    const a = values(rows * inner);
    const b = values(40 * inner);
    setKernelThreads(1);
    const single = multiplyTransposed({ a, rows, inner, b, outer: 40 });
    setKernelThreads(2);
    expect(await startKernelThreads()).toBe(2);
    const posted = vi.spyOn(KernelWorker.prototype, 'post');
    const threaded = multiplyTransposed({ a, rows, inner, b, outer: 40 });
    expect(posted).toHaveBeenCalled();
    posted.mockRestore();
    expect(largestDifference(threaded, single)).toBe(0);
  });

  it('rejects bad options with typed errors naming the argument', () => {
    const a = values(6);
    expect(() => multiplyTransposed({ a, rows: 2, inner: 3, b: values(5), outer: 2 })).toThrow(ShapeMismatchError);
    expect(() => multiplyTransposed({ a, rows: 2, inner: 0, b: values(0), outer: 2 })).toThrow(/options\.inner/);
    expect(() =>
      multiplyTransposed({ a: new Float32Array(6) as never, rows: 2, inner: 3, b: values(6), outer: 2 }),
    ).toThrow(InvalidArgumentError);
    const bad = values(6);
    bad[2] = Number.NaN;
    expect(() => multiplyTransposed({ a, rows: 2, inner: 3, b: bad, outer: 2 })).toThrow(/options\.b/);
  });
});
