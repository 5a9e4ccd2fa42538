/**
 * Sufficient statistics shared by the functional metrics and `CalibrationAccumulator`: create, fill, merge.
 * O(bins × classes) numbers, independent of the number of rows.
 */
import type { CalibrationBinning } from '../types';
import type { LabelledRows, HostRows } from './read-input';
import {
  addTopLabel,
  fusedConfidences,
  fusedStatistics,
  keptPass,
  passSelection,
  usesFusedPass,
} from './fused-statistics';
import { accumulateRows, rowConfidences, type RowSums } from './row-statistics';

/** The state: {@link RowSums}. */
export type CalibrationState = RowSums;

/** Equal-width edges m/M, each computed by one float64 division. */
export function uniformEdges(bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  for (let m = 0; m <= bins; m += 1) edges[m] = m / bins;
  return edges;
}

/**
 * Equal-mass edges: edge m (0 < m < M) is the largest value of the m-th of M equal rank chunks of the sorted values,
 * so bin m is (edge m−1, edge m]. Tied values end in the same bin; repeated edges leave bins empty instead of
 * dropping or splitting rows. The outer edges are 0 and 1.
 */
export function quantileEdges(values: Float64Array, bins: number): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const edges = new Float64Array(bins + 1);
  edges[bins] = 1;
  for (let m = 1; m < bins; m += 1) edges[m] = sorted[Math.floor((m * n + bins - 1) / bins) - 1] as number;
  return edges;
}

export function createState(bins: number, classes: number, edges: Float64Array, classwise: boolean): CalibrationState {
  const classSlots = classwise ? classes * bins : 0;
  return {
    bins,
    classes,
    edges,
    classwise,
    count: 0,
    correct: 0,
    confidenceSum: 0,
    nllSum: 0,
    brierSum: 0,
    binCount: new Float64Array(bins),
    binConfidence: new Float64Array(bins),
    binCorrect: new Float64Array(bins),
    classCount: new Float64Array(classSlots),
    classProbability: new Float64Array(classSlots),
    classPositive: new Float64Array(classSlots),
  };
}

/** Top-label confidences of every row: from the fused kernel for float32 rows, else the float64 pass. */
export function confidencesOf(rows: HostRows): Float64Array {
  const fused = usesFusedPass(rows) ? fusedConfidences(rows) : null;
  if (fused !== null) return fused;
  passSelection.float64 += 1;
  return rowConfidences(rows);
}

/** Edges for the chosen binning; equal-mass edges come from the top-label confidences of `rows`. */
export function edgesFor(rows: HostRows, bins: number, binning: CalibrationBinning): Float64Array {
  return binning === 'uniform' ? uniformEdges(bins) : quantileEdges(confidencesOf(rows), bins);
}

/**
 * What a caller needs from a state: `'top-label'` (counts, correct, confidence and NLL sums, top-label bins: what the
 * fused kernel gives, so float32 rows take one kernel pass and `brierSum` is left NaN), `'brier'` (also the Brier sum)
 * or `'classwise'` (also the per-class bins); the last two run the float64 pass.
 */
export type StateDetail = 'top-label' | 'brier' | 'classwise';

/** The state of one batch of rows (the functional metrics' path). */
export function stateOf(
  rows: LabelledRows,
  bins: number,
  binning: CalibrationBinning,
  detail: StateDetail,
): CalibrationState {
  if (detail === 'top-label' && usesFusedPass(rows)) {
    // One kernel pass (the one validation ran, when it did): its uniform bins, or its confidences binned on the host.
    const kept = keptPass(rows, rows.labels);
    const result = kept ?? fusedStatistics(rows, rows.labels, binning === 'uniform' ? bins : 1);
    if (result !== null) {
      const edges =
        binning === 'uniform' ? uniformEdges(bins) : quantileEdges(Float64Array.from(result.confidence), bins);
      const state = createState(bins, rows.classes, edges, false);
      addTopLabel(result, rows, state, binning === 'uniform' && kept === undefined);
      state.brierSum = Number.NaN;
      return state;
    }
  }
  const state = createState(bins, rows.classes, edgesFor(rows, bins, binning), detail === 'classwise');
  passSelection.float64 += 1;
  accumulateRows(rows, state);
  return state;
}

function addInto(target: Float64Array, source: Float64Array): void {
  for (let index = 0; index < target.length; index += 1) {
    target[index] = (target[index] as number) + (source[index] as number);
  }
}

/** Adds `source` into `target` (same bins, edges and classes; the caller checks). */
export function mergeInto(target: CalibrationState, source: CalibrationState): void {
  target.count += source.count;
  target.correct += source.correct;
  target.confidenceSum += source.confidenceSum;
  target.nllSum += source.nllSum;
  target.brierSum += source.brierSum;
  addInto(target.binCount, source.binCount);
  addInto(target.binConfidence, source.binConfidence);
  addInto(target.binCorrect, source.binCorrect);
  addInto(target.classCount, source.classCount);
  addInto(target.classProbability, source.classProbability);
  addInto(target.classPositive, source.classPositive);
}
