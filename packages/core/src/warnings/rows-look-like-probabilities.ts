import { formatValue } from '../errors/format-value';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';

/** How far a row's sum may be from 1 for the row to count as a distribution (float32 softmax stays far below it). */
const SUM_TOLERANCE = 1e-3;

/** The most rows looked at: a prefix tells probabilities from logits as well as the whole input does. */
const MAX_ROWS = 1024;

/**
 * Tells whether row-major scores look like probabilities rather than logits: every value in [0, 1] and every row
 * summing to 1 within 1e-3, over the first 1024 rows. With one class, or no rows, it is false (nothing to tell).
 * Used to warn when probabilities are passed where logits are expected.
 *
 * @example
 * ```ts
 * import { rowsLookLikeProbabilities } from '@softlabels/core';
 *
 * console.log(rowsLookLikeProbabilities(new Float32Array([0.2, 0.8, 0.6, 0.4]), 2)); // true
 * console.log(rowsLookLikeProbabilities(new Float32Array([2.1, -0.3, 0.5, 1.5]), 2)); // false
 * ```
 */
export function rowsLookLikeProbabilities(values: ArrayLike<number>, classes: number): boolean {
  if (
    typeof values !== 'object' ||
    values === null ||
    !(ArrayBuffer.isView(values) || Array.isArray(values)) ||
    values instanceof DataView ||
    values instanceof BigInt64Array ||
    values instanceof BigUint64Array
  ) {
    throw new InvalidArgumentError({
      functionName: 'rowsLookLikeProbabilities',
      parameter: 'values',
      value: values,
      expected: 'be an array of numbers or a typed array of numbers (not BigInt)',
    });
  }
  if (Array.isArray(values)) {
    for (let index = 0; index < values.length; index += 1) {
      if (typeof values[index] !== 'number') {
        throw new InvalidArgumentError({
          functionName: 'rowsLookLikeProbabilities',
          parameter: 'values',
          value: values,
          expected: 'hold only numbers',
          got: `${formatValue(values[index])} at index ${index}`,
        });
      }
    }
  }
  checkNumber(classes, 'classes', 'rowsLookLikeProbabilities', { min: 1, integer: true });
  const rows = Math.min(Math.floor(values.length / classes), MAX_ROWS);
  if (classes < 2 || rows === 0) return false;
  for (let row = 0; row < rows; row += 1) {
    let sum = 0;
    for (let column = 0; column < classes; column += 1) {
      const value = values[row * classes + column] as number;
      if (!(value >= 0 && value <= 1)) return false;
      sum += value;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) return false;
  }
  return true;
}
