import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { RandomSource } from './random-source';

describe('RandomSource', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = new RandomSource(7);
    const b = new RandomSource(7);
    const c = new RandomSource(8);
    const streamA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(streamA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(streamA);
  });

  it('pins the stream so experiments stay comparable across releases', () => {
    const random = new RandomSource(42);
    expect(Array.from({ length: 3 }, () => random.nextUint32())).toMatchInlineSnapshot(`
      [
        2837322924,
        544945897,
        479756282,
      ]
    `);
  });

  it('draws uniforms in [0, 1) with the right mean and variance', () => {
    const random = new RandomSource(1);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i += 1) {
      const u = random.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      sumSquares += u * u;
    }
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumSquares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals', () => {
    const random = new RandomSource(2);
    const n = 100_000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i += 1) {
      const z = random.normal();
      sum += z;
      sumSquares += z * z;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.02);
  });

  it('makes permutations of every index and uniform integers', () => {
    const random = new RandomSource(3);
    const order = Array.from(random.permutation(50));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i += 1) {
      const bucket = random.int(3);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });

  it('forks independent, reproducible children', () => {
    const first = new RandomSource(5).fork();
    const second = new RandomSource(5).fork();
    expect(first.nextUint32()).toBe(second.nextUint32());
    expect(first.seed).not.toBe(5);
  });

  it('rejects non-integer seeds and bad sizes', () => {
    expect(() => new RandomSource(1.5)).toThrow(InvalidArgumentError);
    expect(() => new RandomSource(1).int(0)).toThrow("Argument 'n' passed to 'RandomSource.int'");
    expect(() => new RandomSource(1).permutation(-1)).toThrow(InvalidArgumentError);
  });

  it.each([2 ** 31, -(2 ** 31) - 1, 2 ** 32, 1e300, Number.MAX_SAFE_INTEGER])(
    'rejects the seed %s, which would repeat the stream of its low 32 bits',
    (seed) => {
      expect(() => new RandomSource(seed)).toThrow(
        "Argument 'seed' passed to 'RandomSource' must be an integer in [-2147483648, 2147483647]",
      );
    },
  );

  it('accepts both ends of the seed range, each with a stream of its own', () => {
    const low = new RandomSource(RandomSource.MIN_SEED).nextUint32();
    const high = new RandomSource(RandomSource.MAX_SEED).nextUint32();
    expect(low).not.toBe(high);
    expect(low).not.toBe(new RandomSource(0).nextUint32());
  });

  it('bounds permutations at MAX_PERMUTATION before allocating', () => {
    expect(() => new RandomSource(1).permutation(2 ** 31)).toThrow(
      `Argument 'n' passed to 'RandomSource.permutation' must be an integer in [0, ${RandomSource.MAX_PERMUTATION}]`,
    );
    expect(() => new RandomSource(1).permutation(RandomSource.MAX_PERMUTATION + 1)).toThrow(InvalidArgumentError);
  });
});
