/**
 * The float64 per-row pass over host scores: row max, argmax, log-sum-exp (logits) or the row itself (probabilities),
 * top-label confidence and its bin, and everything the sufficient statistics add up. All arithmetic is float64.
 *
 * `precision: 'float64'` runs here (the 1e-9 fixtures check it), and so does anything the fused kernel does not give:
 * the Brier sum, classwise bins, the accumulator. `precision: 'float32'` otherwise takes `fused-statistics.ts`.
 */
import type { HostRows, HostValues } from './read-input';

/** What the pass reads of validated rows. */
export type RowScores = Pick<HostRows, 'kind' | 'values' | 'rows' | 'classes'>;

/** Sums a pass adds to; sized `bins` for the top label and `classes × bins` for the classwise statistics. */
export interface RowSums {
  bins: number;
  classes: number;
  /** Bin edges, length `bins + 1`: bin m is `(edges[m], edges[m+1]]`, the first bin also takes everything ≤ edges[1]. */
  edges: Float64Array;
  /** Whether the classwise arrays are filled (they stay zero otherwise). */
  classwise: boolean;
  count: number;
  correct: number;
  confidenceSum: number;
  nllSum: number;
  brierSum: number;
  binCount: Float64Array;
  binConfidence: Float64Array;
  binCorrect: Float64Array;
  classCount: Float64Array;
  classProbability: Float64Array;
  classPositive: Float64Array;
}

/**
 * The bin of `value`: the first m with `value <= edges[m + 1]` (float64 comparisons against the edges themselves,
 * never `floor(value · M)`), the last bin for anything above the last inner edge (1.0 included).
 */
export function binIndex(value: number, edges: Float64Array): number {
  let low = 1;
  let high = edges.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (value <= (edges[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** Fills `scratch` with the row's probabilities and returns [argmax (first of ties), log p(label) or NaN]. */
function rowProbabilities(
  values: HostValues,
  kind: HostRows['kind'],
  base: number,
  classes: number,
  scratch: Float64Array,
  label: number,
): [number, number] {
  let best = 0;
  let top = values[base] as number;
  for (let k = 1; k < classes; k += 1) {
    const value = values[base + k] as number;
    if (value > top) {
      top = value;
      best = k;
    }
  }
  if (kind === 'probabilities') {
    for (let k = 0; k < classes; k += 1) scratch[k] = values[base + k] as number;
    // Entries may stray below 0 within the distribution tolerance: their log-probability is that of 0.
    return [best, label < 0 ? Number.NaN : Math.log(Math.max(scratch[label] as number, 0))];
  }
  let sum = 0;
  for (let k = 0; k < classes; k += 1) {
    const e = Math.exp((values[base + k] as number) - top);
    scratch[k] = e;
    sum += e;
  }
  for (let k = 0; k < classes; k += 1) scratch[k] = (scratch[k] as number) / sum;
  const logProbability = label < 0 ? Number.NaN : (values[base + label] as number) - top - Math.log(sum);
  return [best, logProbability];
}

/** Top-label confidences of every row (what equal-mass edges and histograms are built from). */
export function rowConfidences(source: RowScores): Float64Array {
  const { values, kind, rows, classes } = source;
  const scratch = new Float64Array(classes);
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) {
    const [best] = rowProbabilities(values, kind, row * classes, classes, scratch, -1);
    out[row] = scratch[best] as number;
  }
  return out;
}

/** One pass over labelled rows, adding to `sums`. */
export function accumulateRows(source: RowScores & { labels: Int32Array }, sums: RowSums): void {
  const { values, kind, rows, classes, labels } = source;
  const { bins, edges } = sums;
  const scratch = new Float64Array(classes);
  let correct = 0;
  let confidenceSum = 0;
  let nllSum = 0;
  let brierSum = 0;
  for (let row = 0; row < rows; row += 1) {
    const label = labels[row] as number;
    const [best, logProbability] = rowProbabilities(values, kind, row * classes, classes, scratch, label);
    const confidence = scratch[best] as number;
    const hit = best === label ? 1 : 0;
    correct += hit;
    confidenceSum += confidence;
    nllSum -= logProbability;
    let squared = 0;
    for (let k = 0; k < classes; k += 1) {
      const difference = (scratch[k] as number) - (k === label ? 1 : 0);
      squared += difference * difference;
    }
    brierSum += squared;
    const bin = binIndex(confidence, edges);
    sums.binCount[bin] = (sums.binCount[bin] as number) + 1;
    sums.binConfidence[bin] = (sums.binConfidence[bin] as number) + confidence;
    sums.binCorrect[bin] = (sums.binCorrect[bin] as number) + hit;
    if (sums.classwise) {
      for (let k = 0; k < classes; k += 1) {
        const p = scratch[k] as number;
        const slot = k * bins + binIndex(p, edges);
        sums.classCount[slot] = (sums.classCount[slot] as number) + 1;
        sums.classProbability[slot] = (sums.classProbability[slot] as number) + p;
        if (k === label) sums.classPositive[slot] = (sums.classPositive[slot] as number) + 1;
      }
    }
  }
  sums.count += rows;
  sums.correct += correct;
  sums.confidenceSum += confidenceSum;
  sums.nllSum += nllSum;
  sums.brierSum += brierSum;
}

/**
 * Per-row statistics, kept for estimators that need more than bin sums (the smooth and KS errors sort or smooth the
 * rows) and for the bootstrap, which re-weights rows without reading the scores again.
 */
export interface RowTable {
  rows: number;
  classes: number;
  labels: Int32Array;
  /** Top-label confidence of each row. */
  confidence: Float64Array;
  /** 1 where the argmax (first of ties) is the label. */
  correct: Uint8Array;
  /** −log p(label) of each row (`Infinity` for a probability of 0). */
  nll: Float64Array;
  /** Σ_k (p_k − 1{y = k})² of each row; `null` when not computed (the fused pass gives no Σ_k p_k²). */
  brier: Float64Array | null;
  /** The probabilities, row-major (`rows × classes`), when asked for; else `null`. */
  probabilities: Float64Array | null;
}

/** The float64 per-row pass: a {@link RowTable} with Brier terms, and the probabilities when `keepProbabilities`. */
export function rowTable(source: RowScores & { labels: Int32Array }, keepProbabilities: boolean): RowTable {
  const { values, kind, rows, classes, labels } = source;
  const scratch = new Float64Array(classes);
  const confidence = new Float64Array(rows);
  const correct = new Uint8Array(rows);
  const nll = new Float64Array(rows);
  const brier = new Float64Array(rows);
  const probabilities = keepProbabilities ? new Float64Array(rows * classes) : null;
  for (let row = 0; row < rows; row += 1) {
    const label = labels[row] as number;
    const [best, logProbability] = rowProbabilities(values, kind, row * classes, classes, scratch, label);
    confidence[row] = scratch[best] as number;
    correct[row] = best === label ? 1 : 0;
    nll[row] = -logProbability;
    let squared = 0;
    for (let k = 0; k < classes; k += 1) {
      const difference = (scratch[k] as number) - (k === label ? 1 : 0);
      squared += difference * difference;
    }
    brier[row] = squared;
    probabilities?.set(scratch, row * classes);
  }
  return { rows, classes, labels, confidence, correct, nll, brier, probabilities };
}
