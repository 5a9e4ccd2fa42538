/**
 * Sufficient statistics from per-row statistics under multiplicities (`weights[i]` copies of row i, or every row once
 * for `null`): what a bootstrap resample re-aggregates. The sums run over the rows in order, adding `w · x`, so with
 * unit weights they are those of the per-row pass.
 */
import type { CalibrationBinning } from '../types';
import { createState, quantileEdges, uniformEdges, type CalibrationState } from './calibration-state';
import { binIndex, type RowTable } from './row-statistics';

/** Row indices in ascending order of `values`, ties in row order. */
export function ascendingOrder(values: Float64Array): Int32Array {
  const order = Int32Array.from({ length: values.length }, (_, row) => row);
  order.sort((a, b) => {
    const difference = (values[a] as number) - (values[b] as number);
    return difference === 0 ? a - b : difference;
  });
  return order;
}

/**
 * Equal-mass edges of weighted values (`order` their ascending order): those of {@link quantileEdges} over the multiset
 * holding `weights[i]` copies of value i.
 */
function weightedQuantileEdges(
  values: Float64Array,
  order: Int32Array,
  weights: Int32Array,
  bins: number,
): Float64Array {
  let total = 0;
  for (let row = 0; row < weights.length; row += 1) total += weights[row] as number;
  const edges = new Float64Array(bins + 1);
  edges[bins] = 1;
  let cursor = 0;
  let below = 0;
  for (let m = 1; m < bins; m += 1) {
    const rank = Math.floor((m * total + bins - 1) / bins) - 1;
    while (below + (weights[order[cursor] as number] as number) <= rank) {
      below += weights[order[cursor] as number] as number;
      cursor += 1;
    }
    edges[m] = values[order[cursor] as number] as number;
  }
  return edges;
}

/** Top-label binned sums (counts, confidence and correct sums per bin, totals) under weights. */
export function topLabelResampler(
  table: RowTable,
  bins: number,
  binning: CalibrationBinning,
): (weights: Int32Array | null) => CalibrationState {
  const { confidence, correct, nll, rows, classes } = table;
  const uniform = binning === 'uniform';
  const fixedEdges = uniform ? uniformEdges(bins) : quantileEdges(confidence, bins);
  const fixedBins = Int32Array.from(confidence, (value) => binIndex(value, fixedEdges));
  const order = uniform ? null : ascendingOrder(confidence);
  return (weights) => {
    const edges =
      weights === null || order === null ? fixedEdges : weightedQuantileEdges(confidence, order, weights, bins);
    const state = createState(bins, classes, edges, false);
    let count = 0;
    let hits = 0;
    let confidenceSum = 0;
    let nllSum = 0;
    for (let row = 0; row < rows; row += 1) {
      const w = weights === null ? 1 : (weights[row] as number);
      if (w === 0) continue;
      const value = confidence[row] as number;
      const hit = correct[row] as number;
      const bin = edges === fixedEdges ? (fixedBins[row] as number) : binIndex(value, edges);
      count += w;
      hits += w * hit;
      confidenceSum += w * value;
      nllSum += w * (nll[row] as number);
      state.binCount[bin] = (state.binCount[bin] as number) + w;
      state.binConfidence[bin] = (state.binConfidence[bin] as number) + w * value;
      state.binCorrect[bin] = (state.binCorrect[bin] as number) + w * hit;
    }
    state.count = count;
    state.correct = hits;
    state.confidenceSum = confidenceSum;
    state.nllSum = nllSum;
    return state;
  };
}

/** Classwise sums (per class and equal-width bin: counts, p_k sums, rows of the class) under weights. */
export function classwiseResampler(table: RowTable, bins: number): (weights: Int32Array | null) => CalibrationState {
  const { rows, classes, labels } = table;
  const probabilities = table.probabilities as Float64Array;
  const edges = uniformEdges(bins);
  const slots = new Int32Array(rows * classes);
  for (let index = 0; index < slots.length; index += 1) {
    slots[index] = (index % classes) * bins + binIndex(probabilities[index] as number, edges);
  }
  return (weights) => {
    const state = createState(bins, classes, edges, true);
    let count = 0;
    for (let row = 0; row < rows; row += 1) {
      const w = weights === null ? 1 : (weights[row] as number);
      if (w === 0) continue;
      count += w;
      const label = labels[row] as number;
      for (let k = 0, index = row * classes; k < classes; k += 1, index += 1) {
        const slot = slots[index] as number;
        state.classCount[slot] = (state.classCount[slot] as number) + w;
        state.classProbability[slot] = (state.classProbability[slot] as number) + w * (probabilities[index] as number);
        if (k === label) state.classPositive[slot] = (state.classPositive[slot] as number) + w;
      }
    }
    state.count = count;
    return state;
  };
}

/** The weighted mean of per-row values (`Σ w_i x_i / Σ w_i`). */
export function weightedMean(values: ArrayLike<number>, weights: Int32Array | null): number {
  let total = 0;
  let count = 0;
  for (let row = 0; row < values.length; row += 1) {
    const w = weights === null ? 1 : (weights[row] as number);
    if (w === 0) continue;
    total += w * (values[row] as number);
    count += w;
  }
  return total / count;
}
