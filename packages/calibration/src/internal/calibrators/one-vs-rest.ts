/**
 * The one-vs-rest frame of scikit-learn's `CalibratedClassifierCV`, shared by the per-column methods (isotonic,
 * Platt, beta, histogram): which columns are calibrated, how they are read, and how their calibrated values become
 * distributions. Columns are read and written in blocks, one pass over the row-major values per block, so that wide
 * inputs (thousands of classes) are not read with a stride of a whole row per value.
 */
import { ensureFinite, type HostRows, type HostValues } from '../read-input';
import { normalizeRows, probabilityRows } from './row-transforms';

/** Columns read per pass over the rows. */
const BLOCK = 32;

/** The columns calibrated for `classes` classes: class 1 alone for two (as scikit-learn), every class otherwise. */
export function calibratedColumns(classes: number): number[] {
  return classes === 2 ? [1] : Array.from({ length: classes }, (_, k) => k);
}

/** The values of `rows` after checking them finite (the reader may have left that scan to a later pass), uncopied. */
export function scoresOf(rows: HostRows): HostValues {
  ensureFinite(rows);
  return rows.values;
}

/** The probabilities of `rows`: the softmax of logits (float64), or the probabilities themselves, uncopied. */
export function probabilitiesOf(rows: HostRows): ArrayLike<number> {
  return rows.kind === 'logits' ? probabilityRows(rows) : scoresOf(rows);
}

/** 1 where `labels` is `column`, else 0. */
export function positivesOf(labels: Int32Array, column: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let row = 0; row < labels.length; row += 1) out[row] = labels[row] === column ? 1 : 0;
  return out;
}

/**
 * Calls `each(x, index)` with every calibrated column of row-major `values` (`classes` per row) as float64 `x`,
 * `index` counting the calibrated columns (0 alone for two classes).
 */
export function forEachColumn(
  values: ArrayLike<number>,
  rows: number,
  classes: number,
  each: (x: Float64Array, index: number) => void,
): void {
  const columns = calibratedColumns(classes);
  for (let first = 0; first < columns.length; first += BLOCK) {
    const block = columns.slice(first, first + BLOCK);
    const xs = block.map(() => new Float64Array(rows));
    for (let row = 0; row < rows; row += 1) {
      const base = row * classes;
      block.forEach((column, slot) => {
        (xs[slot] as Float64Array)[row] = values[base + column] as number;
      });
    }
    xs.forEach((x, slot) => each(x, first + slot));
  }
}

/**
 * The calibrated distributions, row-major, from `map(x, index)`: the calibrated values of each calibrated column
 * (see {@link forEachColumn}). Two classes give `[1 − q, q]`; more are each row divided by its sum, an all-zero row
 * becoming uniform (1/K), as scikit-learn does.
 */
export function mapColumns(
  values: ArrayLike<number>,
  rows: number,
  classes: number,
  map: (x: Float64Array, index: number) => Float64Array,
): Float64Array {
  const out = new Float64Array(rows * classes);
  const columns = calibratedColumns(classes);
  let pending: Float64Array[] = [];
  let first = 0;
  const flush = (): void => {
    for (let row = 0; row < rows; row += 1) {
      const base = row * classes;
      pending.forEach((q, slot) => {
        out[base + (columns[first + slot] as number)] = q[row] as number;
      });
    }
    first += pending.length;
    pending = [];
  };
  forEachColumn(values, rows, classes, (x, index) => {
    pending.push(map(x, index));
    if (pending.length === BLOCK || index === columns.length - 1) flush();
  });
  if (classes !== 2) return normalizeRows(out, rows, classes);
  for (let row = 0; row < rows; row += 1) out[2 * row] = 1 - (out[2 * row + 1] as number);
  return out;
}
