/**
 * The fused WASM SIMD path of the per-row pass: `calibrationStatistics` of `@softlabels/core` (one pass per row:
 * max, argmax, Σexp, confidence, NLL, uniform-bin sums; softmax is never materialised) for rows that arrive in float32
 * (float32 tensors, `Float32Array`s, or nested arrays of `Float32Array` rows). Float64 input (number arrays,
 * `Float64Array`) keeps the float64 host pass of `row-statistics.ts`, which the 1e-9 reference fixtures need.
 */
import { checkFinite, SoftlabelsError } from '@softlabels/core';
import {
  calibrationStatistics,
  type CalibrationStatisticsResult,
  fusedKernelsAvailable,
} from '@softlabels/core/kernels';
import type { HostRows, LabelledRows } from './read-input';
import { binIndex, type RowSums } from './row-statistics';

/**
 * Which pass the metrics run, and how often each ran: `'auto'` takes the fused kernel for float32 rows whenever
 * `fusedKernelsAvailable()` (the `wasm` and `cpu` backends); `'float64'` forces the host pass. Tests read the counters
 * to prove which path ran.
 */
export const passSelection: { mode: 'auto' | 'float64'; fused: number; float64: number } = {
  mode: 'auto',
  fused: 0,
  float64: 0,
};

/** Whether `rows` go through the fused kernel. */
export function usesFusedPass(rows: HostRows): boolean {
  return passSelection.mode === 'auto' && rows.values instanceof Float32Array && fusedKernelsAvailable();
}

/**
 * One kernel pass over float32 rows (uniform bins; `labels` may be dummies when only confidences are needed),
 * or null when the kernel refuses them (e.g. probabilities a hair above 1, inside the distribution tolerance): the
 * caller then runs the float64 pass, which accepts everything validation let through.
 */
export function fusedStatistics(rows: HostRows, labels: Int32Array, bins: number): CalibrationStatisticsResult | null {
  const values = rows.values as Float32Array;
  try {
    const result = calibrationStatistics({
      ...(rows.kind === 'logits' ? { logits: values } : { probabilities: values }),
      rows: rows.rows,
      classes: rows.classes,
      labels,
      bins,
    });
    passSelection.fused += 1;
    return result;
  } catch (error) {
    if (SoftlabelsError.isInstance(error)) return null;
    throw error;
  }
}

/**
 * Validates float32 logits with the fused pass itself (it rejects rows holding NaN or ±∞) and keeps its result on
 * `rows` for the metrics; where the kernel refuses the rows, the host scan names the bad value (or, when it finds none,
 * leaves the rows to the float64 pass).
 */
export function checkFiniteByKernel(rows: HostRows, labels: Int32Array, parameter: string, functionName: string): void {
  const result = fusedStatistics(rows, labels, 1);
  if (result !== null) {
    rows.fused = { result, labels };
    return;
  }
  checkFinite(rows.values, parameter, functionName);
}

/** The per-row pass over `rows` with `labels` kept from validation, if it ran with the same labels. */
export function keptPass(rows: HostRows, labels: Int32Array): CalibrationStatisticsResult | undefined {
  return rows.fused?.labels === labels ? rows.fused.result : undefined;
}

/** Top-label confidences of float32 rows from the kernel, or null (see {@link fusedStatistics}). */
export function fusedConfidences(rows: HostRows): Float64Array | null {
  const result = rows.fused?.result ?? fusedStatistics(rows, new Int32Array(rows.rows), 1);
  return result === null ? null : Float64Array.from(result.confidence);
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
