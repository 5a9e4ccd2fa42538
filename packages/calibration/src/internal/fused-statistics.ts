/**
 * The fused WASM SIMD path of the per-row pass, taken with `precision: 'float32'`: `calibrationStatistics` of
 * `@softlabels/core/kernels` (one pass per row: max, argmax, Σexp, confidence, NLL, uniform-bin sums; softmax is never
 * materialised). Scores that are not float32 already are rounded to float32 for it. The float64 host pass of
 * `row-statistics.ts` serves `precision: 'float64'` and everything the kernel does not give.
 */
import { SoftlabelsError } from '@softlabels/core';
import {
  calibrationStatistics,
  type CalibrationStatisticsResult,
  fusedKernelsAvailable,
} from '@softlabels/core/kernels';
import type { CalibrationPrecision } from '../types';
import { ensureFinite, type HostRows, type LabelledRows } from './read-input';
import { binIndex, type RowSums } from './row-statistics';

/** Whether `precision` takes the fused kernel on the active backend (`wasm` and `cpu` have it). */
export function usesFusedPass(precision: CalibrationPrecision): boolean {
  return precision === 'float32' && fusedKernelsAvailable();
}

/**
 * One kernel pass over `rows` (`bins` uniform bins; `labels` may be dummies when only confidences are needed), or
 * null when the kernel refuses them: rows whose NaN or ±∞ the reader left to this pass are then scanned on the host,
 * which names the bad value; anything else it refuses (e.g. probabilities a hair above 1 in float32, inside the
 * distribution tolerance, or float64 values beyond the float32 range) is left to the float64 pass.
 */
export function fusedStatistics(rows: HostRows, labels: Int32Array, bins: number): CalibrationStatisticsResult | null {
  const values = rows.values;
  const scores = values instanceof Float32Array ? values : Float32Array.from(values);
  try {
    return calibrationStatistics({
      ...(rows.kind === 'logits' ? { logits: scores } : { probabilities: scores }),
      rows: rows.rows,
      classes: rows.classes,
      labels,
      bins,
    });
  } catch (error) {
    if (!SoftlabelsError.isInstance(error)) throw error;
    ensureFinite(rows);
    return null;
  }
}

/**
 * Adds the result of one kernel pass over `rows` to the top-label statistics of `sums` (counts, correct, confidence and
 * NLL sums, bins). `uniform`: the pass ran with `sums.bins` uniform bins, whose sums are taken as they are (the same
 * right-closed comparisons against m/M in float64 as the host's); otherwise the kernel's confidences are binned on the
 * host against `sums.edges`. `brierSum` and the classwise arrays are not touched: callers that need them run the
 * float64 pass.
 */
export function addTopLabel(
  result: CalibrationStatisticsResult,
  rows: LabelledRows,
  sums: RowSums,
  uniform: boolean,
): void {
  const { confidence, predicted, nll } = result;
  let correct = 0;
  let confidenceSum = 0;
  let nllSum = 0;
  for (let row = 0; row < rows.rows; row += 1) {
    const hit = predicted[row] === rows.labels[row] ? 1 : 0;
    const value = confidence[row] as number;
    correct += hit;
    confidenceSum += value;
    // The float64 pass reads probabilities a hair below 0 (inside the tolerance) as 0: −log 0 = Infinity.
    const rowNll = nll[row] as number;
    nllSum += Number.isNaN(rowNll) ? Number.POSITIVE_INFINITY : rowNll;
    if (!uniform) {
      const bin = binIndex(value, sums.edges);
      sums.binCount[bin] = (sums.binCount[bin] as number) + 1;
      sums.binConfidence[bin] = (sums.binConfidence[bin] as number) + value;
      sums.binCorrect[bin] = (sums.binCorrect[bin] as number) + hit;
    }
  }
  if (uniform) {
    for (let bin = 0; bin < sums.bins; bin += 1) {
      sums.binCount[bin] = (sums.binCount[bin] as number) + (result.binCounts[bin] as number);
      sums.binConfidence[bin] = (sums.binConfidence[bin] as number) + (result.binConfidenceSums[bin] as number);
      sums.binCorrect[bin] = (sums.binCorrect[bin] as number) + (result.binCorrectCounts[bin] as number);
    }
  }
  sums.count += rows.rows;
  sums.correct += correct;
  sums.confidenceSum += confidenceSum;
  sums.nllSum += nllSum;
}
