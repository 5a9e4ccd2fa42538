import { tolerance as backendTolerance, type Tolerance } from './test-backend';

/**
 * Throws unless every `actual[i]` is within `absolute + relative·|expected[i]|` of `expected[i]` (NaN only matches
 * NaN, infinities only themselves). The message names the worst element.
 */
export function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tolerance: Partial<Tolerance> = {},
): void {
  const { relative, absolute } = { ...backendTolerance(), ...tolerance };
  const got = typeof actual === 'number' ? [actual] : Array.from(actual);
  const want = typeof expected === 'number' ? [expected] : Array.from(expected);
  if (got.length !== want.length) {
    throw new Error(`expectClose: length ${got.length} differs from expected length ${want.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let index = 0; index < got.length; index += 1) {
    const a = got[index] as number;
    const e = want[index] as number;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      if (!Object.is(a, e) && !(Number.isNaN(a) && Number.isNaN(e))) {
        throw new Error(`expectClose: element ${index} is ${a}, expected ${e}`);
      }
      continue;
    }
    const excess = Math.abs(a - e) - (absolute + relative * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(excess))) {
      worst = index;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `expectClose: element ${worst} is ${got[worst]}, expected ${want[worst]} ` +
        `(relative ${relative}, absolute ${absolute}; ${got.length} elements)`,
    );
  }
}
