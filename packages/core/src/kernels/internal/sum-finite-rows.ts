import { InvalidArgumentError } from '../../errors/invalid-argument-error';

/**
 * Σ of per-row results in float64; the first non-finite one calls `reject(row)` (which throws for a non-finite input
 * value) and, should the inputs be finite, throws for `parameter` (the logits) spanning more than float32 can hold.
 */
export function sumFiniteRows(
  values: Float32Array,
  reject: (row: number) => void,
  parameter: string,
  functionName: string,
): number {
  let total = 0;
  for (let row = 0; row < values.length; row += 1) {
    const value = values[row] as number;
    total += value;
    if (!Number.isFinite(value)) {
      reject(row);
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value,
        expected: 'give a finite loss (the logits span more than float32 can hold)',
        got: `a loss of ${value} at row ${row}`,
      });
    }
  }
  return total;
}
