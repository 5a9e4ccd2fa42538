/**
 * The binning-free KS calibration error (Gupta, Rahimi, Ajanthan, Mensink, Sminchisescu & Hartley 2021): rows sorted
 * by score, the cumulative sums of (target − score)/N, and their largest absolute value. Tied scores form one step:
 * the sums are read only at the last row of each group of equal scores, so the result does not depend on the order
 * of tied rows.
 */
import { ascendingOrder } from './weighted-statistics';

/** One (score, target) series in ascending score order, with the ends of its tie groups marked. */
export interface KsSeries {
  order: Int32Array;
  groupEnd: Uint8Array;
  residual: Float64Array;
}

/** The series of `rows` scores (`score(i)`) and 0/1 targets (`target(i)`). */
export function ksSeries(rows: number, score: (row: number) => number, target: (row: number) => number): KsSeries {
  const scores = Float64Array.from({ length: rows }, (_, row) => score(row));
  const order = ascendingOrder(scores);
  const groupEnd = new Uint8Array(rows);
  for (let rank = 0; rank < rows; rank += 1) {
    const next = rank + 1 < rows ? (scores[order[rank + 1] as number] as number) : Number.NaN;
    groupEnd[rank] = next === scores[order[rank] as number] ? 0 : 1;
  }
  const residual = Float64Array.from({ length: rows }, (_, row) => target(row) - (scores[row] as number));
  return { order, groupEnd, residual };
}

/** max over tie-group ends of |Σ_{rank ≤ r} w·(y − f)| / Σ w. */
export function ksError(series: KsSeries, weights: Int32Array | null): number {
  const { order, groupEnd, residual } = series;
  let sum = 0;
  let count = 0;
  let largest = 0;
  for (let rank = 0; rank < order.length; rank += 1) {
    const row = order[rank] as number;
    const w = weights === null ? 1 : (weights[row] as number);
    if (w !== 0) {
      sum += w * (residual[row] as number);
      count += w;
    }
    if (groupEnd[rank] === 1) largest = Math.max(largest, Math.abs(sum));
  }
  return largest / count;
}
