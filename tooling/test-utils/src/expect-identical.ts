/**
 * Throws unless `actual` and `expected` hold the same values element by element (Object.is: NaN equals NaN, 0 and −0
 * differ), naming the first difference. A plain loop: vitest's deep equality takes seconds on arrays of 10⁵ and more.
 */
export function expectIdentical(actual: ArrayLike<number> | undefined, expected: ArrayLike<number> | undefined): void {
  if (actual === undefined || expected === undefined) {
    if (actual !== expected)
      throw new Error(`expectIdentical: ${actual === undefined ? 'actual' : 'expected'} is undefined`);
    return;
  }
  if (actual.length !== expected.length) {
    throw new Error(`expectIdentical: lengths differ (${actual.length} vs ${expected.length})`);
  }
  for (let index = 0; index < actual.length; index += 1) {
    if (!Object.is(actual[index], expected[index])) {
      throw new Error(`expectIdentical: first difference at index ${index}: ${actual[index]} vs ${expected[index]}`);
    }
  }
}
