/**
 * Sufficient statistics shared by the functional metrics and `CalibrationAccumulator`: create, fill, merge.
 * O(bins × classes) numbers, independent of the number of rows.
 */
import { InvalidArgumentError } from '@softlabels/core';
import type { CalibrationBinning, CalibrationPrecision } from '../types';
import { addTopLabel, fusedStatistics, usesFusedPass } from './fused-statistics';
import { ensureFinite, type HostRows, type LabelledRows } from './read-input';
import { accumulateRows, rowConfidences, rowTable, type RowSums, type RowTable } from './row-statistics';

/** The state: {@link RowSums}. */
export type CalibrationState = RowSums;

/**
 * The most classwise slots (classes × bins) a state may hold: three float64 arrays of 2²⁴ entries, 384 MiB. Beyond
 * it the arrays would take gigabytes, or exceed what a typed array can hold.
 */
export const MAX_CLASSWISE_SLOTS = 2 ** 24;

/** Throws an {@link InvalidArgumentError} naming `parameter` when classes × bins exceeds {@link MAX_CLASSWISE_SLOTS}. */
export function checkClasswiseSize(bins: number, classes: number, parameter: string, functionName: string): void {
  if (classes * bins > MAX_CLASSWISE_SLOTS) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: classes,
      expected: `have at most ${MAX_CLASSWISE_SLOTS} classes × bins for classwise statistics (${bins} bins)`,
      got: `${classes} classes`,
    });
  }
}

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

/**
 * Top-label confidences of every row: from one fused kernel pass with `precision: 'float32'` (when the kernel takes
 * the rows), else from the float64 pass.
 */
export function confidencesOf(rows: HostRows, precision: CalibrationPrecision): Float64Array {
  const fused = usesFusedPass(precision) ? fusedStatistics(rows, new Int32Array(rows.rows), 1) : null;
  if (fused !== null) return Float64Array.from(fused.confidence);
  ensureFinite(rows);
  return rowConfidences(rows);
}

/**
 * What a caller needs from a state: `'top-label'` (counts, correct, confidence and NLL sums, top-label bins: what the
 * fused kernel gives, so with `precision: 'float32'` one kernel pass fills it and `brierSum` is left NaN), `'brier'`
 * (also the Brier sum) or `'classwise'` (also the per-class bins); the last two run the float64 pass.
 */
export type StateDetail = 'top-label' | 'brier' | 'classwise';

/**
 * The state of one batch of rows (the functional metrics' path). The fused pass bins uniform edges inside the kernel
 * and equal-mass edges on the host from its confidences; the float64 pass computes the edges from its own.
 */
export function stateOf(
  rows: LabelledRows,
  bins: number,
  binning: CalibrationBinning,
  detail: StateDetail,
  precision: CalibrationPrecision,
): CalibrationState {
  if (detail === 'top-label' && usesFusedPass(precision)) {
    const uniform = binning === 'uniform';
    const result = fusedStatistics(rows, rows.labels, uniform ? bins : 1);
    if (result !== null) {
      const edges = uniform ? uniformEdges(bins) : quantileEdges(Float64Array.from(result.confidence), bins);
      const state = createState(bins, rows.classes, edges, false);
      addTopLabel(result, rows, state, uniform);
      state.brierSum = Number.NaN;
      return state;
    }
  }
  if (detail === 'classwise') checkClasswiseSize(bins, rows.classes, rows.parameter, rows.functionName);
  ensureFinite(rows);
  const edges = binning === 'uniform' ? uniformEdges(bins) : quantileEdges(rowConfidences(rows), bins);
  const state = createState(bins, rows.classes, edges, detail === 'classwise');
  accumulateRows(rows, state);
  return state;
}

/**
 * The per-row statistics of one batch of rows: with `precision: 'float32'` and `detail: 'top-label'` from one fused
 * kernel pass (confidence, correctness and NLL; `brier` left `null`), else from the float64 pass (`'classwise'` also
 * keeps the probabilities).
 */
export function rowTableOf(rows: LabelledRows, detail: StateDetail, precision: CalibrationPrecision): RowTable {
  if (detail === 'top-label' && usesFusedPass(precision)) {
    const result = fusedStatistics(rows, rows.labels, 1);
    if (result !== null) {
      const correct = new Uint8Array(rows.rows);
      const nll = new Float64Array(rows.rows);
      for (let row = 0; row < rows.rows; row += 1) {
        correct[row] = result.predicted[row] === rows.labels[row] ? 1 : 0;
        // As `addTopLabel`: a probability a hair below 0 (inside the tolerance) has −log 0 = Infinity.
        const rowNll = result.nll[row] as number;
        nll[row] = Number.isNaN(rowNll) ? Number.POSITIVE_INFINITY : rowNll;
      }
      return {
        rows: rows.rows,
        classes: rows.classes,
        labels: rows.labels,
        confidence: Float64Array.from(result.confidence),
        correct,
        nll,
        brier: null,
        probabilities: null,
      };
    }
  }
  ensureFinite(rows);
  return rowTable(rows, detail === 'classwise');
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
