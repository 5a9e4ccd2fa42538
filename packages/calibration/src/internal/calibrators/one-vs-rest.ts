/**
 * The one-vs-rest frame of scikit-learn's `CalibratedClassifierCV`, shared by the per-column methods (isotonic,
 * Platt, beta, histogram): which columns are calibrated, and how their calibrated values become distributions.
 */
import { ensureFinite, type HostRows } from '../read-input';
import { normalizeRows } from './row-transforms';

/** The columns calibrated for `classes` classes: class 1 alone for two (as scikit-learn), every class otherwise. */
export function calibratedColumns(classes: number): number[] {
  return classes === 2 ? [1] : Array.from({ length: classes }, (_, k) => k);
}

/** Column `column` of row-major float64 `values` (`classes` per row), copied. */
export function columnOf(values: Float64Array, rows: number, classes: number, column: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) out[row] = values[row * classes + column] as number;
  return out;
}

/** The scores of `rows` in float64 after checking them finite (the reader may have left that scan to a later pass). */
export function scoresOf(rows: HostRows): Float64Array {
  ensureFinite(rows);
  return Float64Array.from(rows.values as ArrayLike<number>);
}

/**
 * The calibrated distributions, row-major, from the calibrated value of each column of {@link calibratedColumns}:
 * `[1 − q, q]` for two classes; otherwise each row divided by its sum, an all-zero row becoming uniform (1/K).
 */
export function combineColumns(calibrated: readonly Float64Array[], rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows * classes);
  if (classes === 2) {
    const q = calibrated[0] as Float64Array;
    for (let row = 0; row < rows; row += 1) {
      out[2 * row] = 1 - (q[row] as number);
      out[2 * row + 1] = q[row] as number;
    }
    return out;
  }
  calibrated.forEach((q, k) => {
    for (let row = 0; row < rows; row += 1) out[row * classes + k] = q[row] as number;
  });
  return normalizeRows(out, rows, classes);
}
