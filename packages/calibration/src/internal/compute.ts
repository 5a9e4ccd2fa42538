/** The compute step: metrics from a {@link CalibrationState}, never from rows. */
import type { CalibrationNorm } from '../types';
import type { CalibrationState } from './calibration-state';
import { centralQuantile } from './normal-quantile';

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  /** Lower edge (exclusive, except 0 for the first bin). */
  lower: number;
  /** Upper edge (inclusive). */
  upper: number;
  /** Rows in the bin. */
  count: number;
  /** Mean confidence of the bin, `null` when empty. */
  confidence: number | null;
  /** Fraction of correct rows (top label) or of rows of the class (one-vs-rest), `null` when empty. */
  accuracy: number | null;
  /** `confidence − accuracy` (positive: over-confident), `null` when empty. */
  gap: number | null;
}

/** Gaps of the bins `[offset, offset + bins)` combined by `norm`, each weighted by its share of `total` rows. */
export function binnedError(
  count: Float64Array,
  predicted: Float64Array,
  observed: Float64Array,
  offset: number,
  bins: number,
  total: number,
  norm: CalibrationNorm,
): number {
  let sum = 0;
  let largest = 0;
  for (let m = offset; m < offset + bins; m += 1) {
    const n = count[m] as number;
    if (n === 0) continue;
    const gap = Math.abs((observed[m] as number) / n - (predicted[m] as number) / n);
    const weight = n / total;
    if (norm === 'l1') sum += weight * gap;
    else if (norm === 'l2') sum += weight * gap * gap;
    else largest = Math.max(largest, gap);
  }
  if (norm === 'l2') return Math.sqrt(sum);
  return norm === 'l1' ? sum : largest;
}

/** Top-label calibration error of the state. */
export function topLabelError(state: CalibrationState, norm: CalibrationNorm): number {
  return binnedError(state.binCount, state.binConfidence, state.binCorrect, 0, state.bins, state.count, norm);
}

/** Classwise calibration error: per-class error of p_k against 1{y = k}, averaged over classes. */
export function classwiseError(state: CalibrationState, norm: CalibrationNorm): number {
  let total = 0;
  for (let k = 0; k < state.classes; k += 1) {
    total += binnedError(
      state.classCount,
      state.classProbability,
      state.classPositive,
      k * state.bins,
      state.bins,
      state.count,
      norm,
    );
  }
  return total / state.classes;
}

/**
 * Kumar et al. (2019) debiased estimate of the top-label L2 calibration error: per bin, the squared gap minus the
 * sampling variance of the bin's accuracy, ȳ(1 − ȳ)/(n_b − 1); bins with fewer than 2 rows add 0; the weighted sum is
 * clipped at 0 before the square root.
 */
export function debiasedError(state: CalibrationState): number {
  let sum = 0;
  for (let m = 0; m < state.bins; m += 1) {
    const n = state.binCount[m] as number;
    if (n < 2) continue;
    const accuracy = (state.binCorrect[m] as number) / n;
    const gap = (state.binConfidence[m] as number) / n - accuracy;
    sum += (n / state.count) * (gap * gap - (accuracy * (1 - accuracy)) / (n - 1));
  }
  return Math.sqrt(Math.max(sum, 0));
}

/** Bins of the reliability diagram: top label, or one-vs-rest of `classIndex`. */
export function reliabilityBins(state: CalibrationState, classIndex?: number): ReliabilityBin[] {
  const offset = classIndex === undefined ? 0 : classIndex * state.bins;
  const count = classIndex === undefined ? state.binCount : state.classCount;
  const predicted = classIndex === undefined ? state.binConfidence : state.classProbability;
  const observed = classIndex === undefined ? state.binCorrect : state.classPositive;
  const out: ReliabilityBin[] = [];
  for (let m = 0; m < state.bins; m += 1) {
    const n = count[offset + m] as number;
    const confidence = n === 0 ? null : (predicted[offset + m] as number) / n;
    const accuracy = n === 0 ? null : (observed[offset + m] as number) / n;
    out.push({
      lower: state.edges[m] as number,
      upper: state.edges[m + 1] as number,
      count: n,
      confidence,
      accuracy,
      gap: confidence === null || accuracy === null ? null : confidence - accuracy,
    });
  }
  return out;
}

/** A bin of a reliability diagram with the Wilson score interval of its accuracy. */
export interface ReliabilityIntervalBin extends ReliabilityBin {
  /** Lower end of the Wilson score interval of `accuracy`, `null` when empty. */
  accuracyLow: number | null;
  /** Upper end of the Wilson score interval of `accuracy`, `null` when empty. */
  accuracyHigh: number | null;
}

/**
 * The Wilson score interval of a proportion p̂ of `count` trials at coverage `level`: centre
 * (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·sqrt(p̂(1 − p̂)/n + z²/4n²), z = Φ⁻¹((1 + level)/2), clipped to
 * [0, 1] (a rounding step at p̂ = 0 or 1).
 */
export function wilsonInterval(p: number, count: number, level: number): [number, number] {
  const z = centralQuantile(level);
  const z2 = z * z;
  const scale = 1 + z2 / count;
  const centre = (p + z2 / (2 * count)) / scale;
  const half = (z / scale) * Math.sqrt((p * (1 - p)) / count + z2 / (4 * count * count));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** `bins` with the Wilson interval of each non-empty bin's accuracy. */
export function withIntervals(bins: ReliabilityBin[], level: number): ReliabilityIntervalBin[] {
  return bins.map((bin) => {
    if (bin.accuracy === null) return { ...bin, accuracyLow: null, accuracyHigh: null };
    const [accuracyLow, accuracyHigh] = wilsonInterval(bin.accuracy, bin.count, level);
    return { ...bin, accuracyLow, accuracyHigh };
  });
}

/** Plain data of a reliability diagram, ready for `@softlabels/vis`. */
export interface ReliabilityDiagram {
  /** All M bins in order, empty ones included (with `null` statistics). */
  bins: ReliabilityBin[];
  /** Count-weighted mean |gap| over the bins (ECE of these bins). */
  ece: number;
  /** Largest |gap| over non-empty bins (MCE). */
  mce: number;
  /** Fraction correct (top label), or frequency of the class (one-vs-rest). */
  accuracy: number;
  /** Mean top-label confidence, or mean p_k (one-vs-rest). */
  averageConfidence: number;
  /** Rows per bin (the confidence histogram). */
  counts: number[];
  /** The class of a one-vs-rest diagram, `null` for the top-label diagram. */
  classIndex: number | null;
}

/** A reliability diagram whose bins carry the Wilson score interval of their accuracy (option `intervals`). */
export interface ReliabilityDiagramWithIntervals extends Omit<ReliabilityDiagram, 'bins'> {
  /** All M bins in order, each with `accuracyLow` and `accuracyHigh` (`null` when empty). */
  bins: ReliabilityIntervalBin[];
  /** The coverage of the intervals. */
  intervalLevel: number;
}

function sumRange(values: Float64Array, offset: number, length: number): number {
  let total = 0;
  for (let index = offset; index < offset + length; index += 1) total += values[index] as number;
  return total;
}

/** The diagram of a state: top label, or one-vs-rest of `classIndex` (the state must be classwise then). */
export function diagramOf(state: CalibrationState, classIndex?: number): ReliabilityDiagram {
  const bins = reliabilityBins(state, classIndex);
  const n = state.count;
  if (classIndex === undefined) {
    return {
      bins,
      ece: topLabelError(state, 'l1'),
      mce: topLabelError(state, 'max'),
      accuracy: state.correct / n,
      averageConfidence: state.confidenceSum / n,
      counts: bins.map((bin) => bin.count),
      classIndex: null,
    };
  }
  const offset = classIndex * state.bins;
  const args = [state.classCount, state.classProbability, state.classPositive, offset, state.bins, n] as const;
  return {
    bins,
    ece: binnedError(...args, 'l1'),
    mce: binnedError(...args, 'max'),
    accuracy: sumRange(state.classPositive, offset, state.bins) / n,
    averageConfidence: sumRange(state.classProbability, offset, state.bins) / n,
    counts: bins.map((bin) => bin.count),
    classIndex,
  };
}
