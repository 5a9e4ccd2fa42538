import { type Bound, expectWithin } from './expect-within';

/** The sufficient statistics of one binning: edges and, per bin, the row count, the value sum and the positives. */
export interface BinState {
  /** Bin m is (edges[m], edges[m+1]]; the first bin also takes everything up to edges[1], the last everything above. */
  edges: Float64Array;
  count: Float64Array;
  sum: Float64Array;
  positive: Float64Array;
}

/** Every binning a float32 computation of the values could give (see {@link binnedReference}). */
export interface BinningCandidates {
  /** The binning of the float64 values first, then the others. */
  states: BinState[];
  /** False when there were too many ambiguous values to list every binning: `states` then holds the first only. */
  exhaustive: boolean;
  /** Rows whose bin depends on rounding. */
  ambiguousRows: number;
}

/** The most binnings {@link binnedReference} lists. */
const MAX_CANDIDATES = 256;

/** The bin of `value` against `edges`: the first m with value ≤ edges[m+1], the last bin above every inner edge. */
export function binOf(value: number, edges: Float64Array): number {
  const bins = edges.length - 1;
  for (let m = 0; m < bins - 1; m += 1) if (value <= (edges[m + 1] as number)) return m;
  return bins - 1;
}

/**
 * Bin edges: uniform m/M (each one float64 division), or equal-mass, edge m (0 < m < M) being the largest value of the
 * m-th of M equal rank chunks of the sorted values (rank ⌈m·n/M⌉), outer edges 0 and 1.
 *
 * @example
 * ```ts
 * import { binEdges } from '@softlabels/test-utils';
 *
 * console.log(Array.from(binEdges([0.9, 0.2, 0.4, 0.7], 2, 'quantile'))); // [0, 0.4, 1]
 * ```
 */
export function binEdges(values: ArrayLike<number>, bins: number, binning: 'uniform' | 'quantile'): Float64Array {
  const edges = new Float64Array(bins + 1);
  if (binning === 'uniform') {
    for (let m = 0; m <= bins; m += 1) edges[m] = m / bins;
    return edges;
  }
  const sorted = Array.from(values).sort((x, y) => x - y);
  const n = sorted.length;
  edges[bins] = 1;
  for (let m = 1; m < bins; m += 1) edges[m] = sorted[Math.ceil((m * n) / bins) - 1] as number;
  return edges;
}

/**
 * The binned statistics of `values` (confidences, or one class's probabilities) with `positives` (1 for a correct row
 * or a row of the class), for every way rounding could bin them: a value within `slack` (relative) of an edge may land
 * on either side of it in a float32 computation. Rows of equal value move together. With `slack` 0 there is one
 * binning.
 *
 * @example
 * ```ts
 * import { binnedReference } from '@softlabels/test-utils';
 *
 * const { states } = binnedReference([0.5, 0.95], [1, 0], 2, 'uniform', 1e-6);
 * console.log(states.length); // 2: 0.5 sits on the edge between the two bins
 * ```
 */
export function binnedReference(
  values: ArrayLike<number>,
  positives: ArrayLike<number>,
  bins: number,
  binning: 'uniform' | 'quantile',
  slack: number,
): BinningCandidates {
  const edges = binEdges(values, bins, binning);
  // Per row, not per value: rows of equal float64 value (ties, permuted rows) may round apart in float32.
  const choicesOf = Array.from(values, (value) => {
    const exact = binOf(value, edges);
    const options = new Set([binOf(value * (1 - slack), edges), exact, binOf(value * (1 + slack), edges)]);
    return [exact, ...[...options].filter((bin) => bin !== exact)];
  });
  const ambiguous = choicesOf.flatMap((choices, index) => (choices.length > 1 ? [index] : []));
  let combinations = 1;
  for (const index of ambiguous) combinations *= (choicesOf[index] as number[]).length;
  const exhaustive = combinations <= MAX_CANDIDATES;
  const ambiguousRows = ambiguous.length;
  const states: BinState[] = [];
  for (let combination = 0; combination < (exhaustive ? combinations : 1); combination += 1) {
    const pick = new Map<number, number>();
    let rest = combination;
    for (const index of ambiguous) {
      const choices = choicesOf[index] as number[];
      pick.set(index, choices[rest % choices.length] as number);
      rest = Math.floor(rest / choices.length);
    }
    const state: BinState = {
      edges,
      count: new Float64Array(bins),
      sum: new Float64Array(bins),
      positive: new Float64Array(bins),
    };
    for (let index = 0; index < values.length; index += 1) {
      const value = values[index] as number;
      const bin = pick.get(index) ?? ((choicesOf[index] as number[])[0] as number);
      state.count[bin] = (state.count[bin] as number) + 1;
      state.sum[bin] = (state.sum[bin] as number) + value;
      state.positive[bin] = (state.positive[bin] as number) + (positives[index] as number);
    }
    states.push(state);
  }
  return { states, exhaustive, ambiguousRows };
}

/**
 * Binned calibration error of a state over `total` rows: per non-empty bin the gap |positives/n − sum/n| weighted by
 * n/total, combined as a weighted sum (`l1`), the square root of the weighted sum of squares (`l2`) or the largest
 * gap (`max`).
 *
 * @example
 * ```ts
 * import { binnedError, binnedReference } from '@softlabels/test-utils';
 *
 * const { states } = binnedReference([0.9, 0.8], [1, 0], 1, 'uniform', 0);
 * console.log(binnedError(states[0]!, 2, 'l1')); // |0.5 − 0.85| = 0.35
 * ```
 */
export function binnedError(state: BinState, total: number, norm: 'l1' | 'l2' | 'max'): number {
  let sum = 0;
  let largest = 0;
  for (let m = 0; m < state.count.length; m += 1) {
    const n = state.count[m] as number;
    if (n === 0) continue;
    const gap = Math.abs((state.positive[m] as number) / n - (state.sum[m] as number) / n);
    if (norm === 'l1') sum += (n / total) * gap;
    else if (norm === 'l2') sum += (n / total) * gap * gap;
    else largest = Math.max(largest, gap);
  }
  return norm === 'l1' ? sum : norm === 'l2' ? Math.sqrt(sum) : largest;
}

/**
 * Runs `check` on each candidate binning and returns as soon as one passes; throws the first binning's error
 * (naming how many others were tried) when none does. When the candidates are not exhaustive and `fallback` is given,
 * runs `fallback` on the first binning with the number of rows next to an edge instead (checks that hold whatever
 * bins those rows land in).
 *
 * @example
 * ```ts
 * import { binnedError, binnedReference, expectSomeBinning } from '@softlabels/test-utils';
 *
 * const candidates = binnedReference([0.5, 0.95], [1, 0], 2, 'uniform', 1e-6);
 * expectSomeBinning('ece', candidates, (state) => {
 *   if (binnedError(state, 2, 'l1') > 1) throw new Error('too large');
 * });
 * ```
 */
export function expectSomeBinning(
  context: string,
  candidates: BinningCandidates,
  check: (state: BinState) => void,
  fallback?: (state: BinState, ambiguousRows: number) => void,
): void {
  if (!candidates.exhaustive && fallback !== undefined) {
    try {
      fallback(candidates.states[0] as BinState, candidates.ambiguousRows);
      return;
    } catch (error) {
      throw new Error(`${context}: ${error instanceof Error ? error.message : String(error)} (${candidates.ambiguousRows} rows next to an edge)`);
    }
  }
  let first: unknown;
  for (const state of candidates.states) {
    try {
      check(state);
      return;
    } catch (error) {
      first ??= error;
    }
  }
  const others = candidates.states.length - 1;
  const message = first instanceof Error ? first.message : String(first);
  throw new Error(
    `${context}: ${message}` +
      (others > 0 ? ` (nor any of ${others} other binnings of the ${candidates.ambiguousRows} rows next to an edge)` : ''),
  );
}

/**
 * Kumar et al.'s debiased L2 calibration error of a state over `total` rows: per bin with n ≥ 2 rows,
 * (n/total)·(gap² − ȳ(1−ȳ)/(n−1)) with ȳ the bin's accuracy; the square root of the sum clipped at 0.
 *
 * @example
 * ```ts
 * import { binnedReference, debiasedBinnedError } from '@softlabels/test-utils';
 *
 * const { states } = binnedReference([0.9, 0.8], [1, 0], 1, 'uniform', 0);
 * console.log(debiasedBinnedError(states[0]!, 2)); // 0
 * ```
 */
export function debiasedBinnedError(state: BinState, total: number): number {
  let sum = 0;
  for (let m = 0; m < state.count.length; m += 1) {
    const n = state.count[m] as number;
    if (n < 2) continue;
    const accuracy = (state.positive[m] as number) / n;
    const gap = (state.sum[m] as number) / n - accuracy;
    sum += (n / total) * (gap * gap - (accuracy * (1 - accuracy)) / (n - 1));
  }
  return Math.sqrt(Math.max(sum, 0));
}

/**
 * Throws unless `actual` is within `bound` of `compute(state)` for some candidate binning. When the candidates are not
 * exhaustive, the bound of the first binning widens by `unlisted` (what moving the ambiguous rows can change).
 *
 * @example
 * ```ts
 * import { binnedError, binnedReference, expectBinnedValue, FLOAT64_BOUND } from '@softlabels/test-utils';
 *
 * const candidates = binnedReference([0.9, 0.8], [1, 0], 1, 'uniform', 0);
 * expectBinnedValue('ece', candidates, (state) => binnedError(state, 2, 'l1'), 0.35, FLOAT64_BOUND, 1);
 * ```
 */
export function expectBinnedValue(
  context: string,
  candidates: BinningCandidates,
  compute: (state: BinState) => number,
  actual: number,
  bound: Bound,
  unlisted: number,
): void {
  const widened = candidates.exhaustive ? bound : { ...bound, absolute: bound.absolute + unlisted };
  expectSomeBinning(context, candidates, (state) => expectWithin(context, [actual], [compute(state)], widened));
}
