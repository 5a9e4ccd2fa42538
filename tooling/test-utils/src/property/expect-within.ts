/** An error bound: `absolute + relative · magnitude`, the magnitude being |expected| unless given per element. */
export interface Bound {
  absolute: number;
  relative: number;
}

/** Float32 results against float64 references: abs 1e-6 + rel 1e-5 (per element, or on a sum). */
export const FLOAT32_BOUND: Bound = { absolute: 1e-6, relative: 1e-5 };

/** Float64 host computations against float64 references in another summation order. */
export const FLOAT64_BOUND: Bound = { absolute: 1e-12, relative: 1e-9 };

function describeValue(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * Throws unless every `actual[i]` lies within `bound.absolute + bound.relative · magnitude[i]` of `expected[i]`
 * (`magnitude` defaults to |expected[i]|: pass the sum of the absolute values of the terms where terms cancel).
 * NaN matches only NaN and ±Infinity only itself. The message names `context`, the worst element and its bound.
 *
 * @example
 * ```ts
 * import { expectWithin, FLOAT32_BOUND } from '@softlabels/test-utils';
 *
 * expectWithin('sums', new Float32Array([1, 2.0000001]), [1, 2], FLOAT32_BOUND);
 * ```
 */
export function expectWithin(
  context: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  bound: Bound,
  magnitude?: ArrayLike<number>,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${context}: ${actual.length} values, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let index = 0; index < expected.length; index += 1) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    if (!Number.isFinite(e)) {
      if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) {
        throw new Error(`${context}: element ${index} is ${describeValue(a)}, expected ${describeValue(e)}`);
      }
      continue;
    }
    const scale = magnitude === undefined ? Math.abs(e) : (magnitude[index] as number);
    const excess = Math.abs(a - e) - (bound.absolute + bound.relative * scale);
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = index;
      worstExcess = Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess;
    }
  }
  if (worst >= 0) {
    const scale = magnitude === undefined ? Math.abs(expected[worst] as number) : (magnitude[worst] as number);
    throw new Error(
      `${context}: element ${worst} of ${expected.length} is ${describeValue(actual[worst] as number)}, expected ` +
        `${describeValue(expected[worst] as number)} within ${bound.absolute} + ${bound.relative}·${scale}`,
    );
  }
}

/**
 * Throws unless `actual` and `expected` hold the same values bit for bit as float32 (NaN payloads aside; 0 and −0
 * differ), naming the first difference.
 *
 * @example
 * ```ts
 * import { expectSameBits } from '@softlabels/test-utils';
 *
 * expectSameBits('copy', new Float32Array([1, -0]), new Float32Array([1, -0]));
 * ```
 */
export function expectSameBits(context: string, actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  if (actual.length !== expected.length) {
    throw new Error(`${context}: ${actual.length} values, expected ${expected.length}`);
  }
  for (let index = 0; index < expected.length; index += 1) {
    const a = actual[index] as number;
    const e = expected[index] as number;
    if (!(Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)))) {
      throw new Error(
        `${context}: element ${index} of ${expected.length} is ${describeValue(a)}, expected ${describeValue(e)}`,
      );
    }
  }
}
