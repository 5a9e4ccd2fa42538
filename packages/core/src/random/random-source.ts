import { checkNumber } from '../validation/check-number';

function splitMix32(state: number): [number, number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/**
 * A seeded pseudo-random source (xoshiro128**, seeded through SplitMix32) so that experiments and tests are
 * reproducible: the same seed gives the same stream on every platform. A seed is a 32-bit signed integer, from
 * {@link RandomSource.MIN_SEED} to {@link RandomSource.MAX_SEED} (what tfjs initializers take); larger integers would
 * share their low 32 bits' stream, so they are rejected instead.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 *
 * const random = new RandomSource(42);
 * const order = random.permutation(5); // e.g. [3, 0, 4, 1, 2], the same for seed 42 everywhere
 * console.log(order.length, random.uniform() < 1, Number.isFinite(random.normal()));
 * ```
 */
export class RandomSource {
  /** The smallest seed, −2³¹. */
  static readonly MIN_SEED = -(2 ** 31);
  /** The largest seed, 2³¹ − 1. */
  static readonly MAX_SEED = 2 ** 31 - 1;
  /** The largest `n` of {@link RandomSource.permutation}: 2²⁶ indices, a 256 MiB `Int32Array`. */
  static readonly MAX_PERMUTATION = 2 ** 26;

  readonly seed: number;
  private readonly state = new Uint32Array(4);
  private spareNormal: number | undefined;

  constructor(seed: number) {
    this.seed = checkNumber(seed, 'seed', 'RandomSource', {
      min: RandomSource.MIN_SEED,
      max: RandomSource.MAX_SEED,
      integer: true,
    });
    let mix = seed | 0;
    for (let word = 0; word < 4; word += 1) {
      const [next, output] = splitMix32(mix);
      mix = next;
      this.state[word] = output;
    }
    if (this.state.every((word) => word === 0)) this.state[0] = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const s0 = s[0] as number;
    const s1 = s[1] as number;
    const s2 = s[2] as number;
    const s3 = s[3] as number;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    s[1] = s1 ^ n2;
    s[0] = s0 ^ n3;
    s[2] = n2 ^ t;
    s[3] = (n3 << 11) | (n3 >>> 21);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [0, n), for `n` from 1 to 2⁵³ − 1. */
  int(n: number): number {
    checkNumber(n, 'n', 'RandomSource.int', { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal variate (Box–Muller, both values used). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** A uniformly random permutation of `0 … n-1` (Fisher–Yates), for `n` up to {@link RandomSource.MAX_PERMUTATION}. */
  permutation(n: number): Int32Array {
    checkNumber(n, 'n', 'RandomSource.permutation', { min: 0, max: RandomSource.MAX_PERMUTATION, integer: true });
    const order = new Int32Array(n);
    for (let index = 0; index < n; index += 1) order[index] = index;
    for (let index = n - 1; index > 0; index -= 1) {
      const other = Math.floor(this.uniform() * (index + 1));
      const held = order[index] as number;
      order[index] = order[other] as number;
      order[other] = held;
    }
    return order;
  }

  /** An integer seed for another generator (e.g. a tfjs initializer's `seed`), drawn from this stream. */
  nextSeed(): number {
    return this.nextUint32() & 0x7fffffff;
  }

  /** An independent child source, e.g. one per seed of an experiment or per worker. */
  fork(): RandomSource {
    return new RandomSource(this.nextSeed());
  }
}
