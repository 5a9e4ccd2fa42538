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
  /** Those rows, as groups of interchangeable rows. */
  groups: AmbiguousGroup[];
  /** The statistics of every other row. */
  base: BinState;
  /** The least and the largest {@link binnedError} over every binning (see {@link binnedErrorRange}). */
  errorRange: (total: number, norm: 'l1' | 'l2' | 'max') => [number, number];
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
 * Rows whose bin depends on rounding and that no statistic tells apart: equal value, equal positive, the same bins to
 * choose from. Any split of them over `choices` is a binning a float32 computation could give (rows of equal float64
 * value may still round apart), and which rows of the group take which bin changes nothing.
 */
export interface AmbiguousGroup {
  value: number;
  positive: number;
  /** The bin of the float64 value first, then the others. */
  choices: number[];
  rows: number;
}

/**
 * The binned statistics of `values` (confidences, or one class's probabilities) with `positives` (1 for a correct row
 * or a row of the class), for every way rounding could bin them: a value within `slack` (relative) of an edge may land
 * on either side of it in a float32 computation, row by row (rows of equal float64 value may round apart). Rows of
 * one {@link AmbiguousGroup} are interchangeable, so the binnings are listed as how many rows of each group take each
 * bin: the same states as every row-by-row choice, without the repeats. With `slack` 0 there is one binning.
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
  const empty = (): BinState => ({
    edges,
    count: new Float64Array(bins),
    sum: new Float64Array(bins),
    positive: new Float64Array(bins),
  });
  const add = (state: BinState, bin: number, value: number, positive: number, rows: number): void => {
    state.count[bin] = (state.count[bin] as number) + rows;
    state.sum[bin] = (state.sum[bin] as number) + rows * value;
    state.positive[bin] = (state.positive[bin] as number) + rows * positive;
  };
  const base = empty();
  const byKey = new Map<string, AmbiguousGroup>();
  let ambiguousRows = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] as number;
    const positive = positives[index] as number;
    const exact = binOf(value, edges);
    // Every bin between the two ends of the value's rounding interval (a wide slack can skip a narrow bin).
    const lowest = binOf(value * (1 - slack), edges);
    const highest = binOf(value * (1 + slack), edges);
    const options = new Set([exact, ...Array.from({ length: highest - lowest + 1 }, (_, offset) => lowest + offset)]);
    if (options.size === 1) {
      add(base, exact, value, positive, 1);
      continue;
    }
    ambiguousRows += 1;
    const choices = [exact, ...[...options].filter((bin) => bin !== exact)];
    const key = `${value}:${positive}`;
    const group = byKey.get(key);
    if (group === undefined) byKey.set(key, { value, positive, choices, rows: 1 });
    else group.rows += 1;
  }
  const groups = [...byKey.values()];
  // The ways of splitting each group over its choices (compositions of its rows into choices.length parts).
  const splitsOf = groups.map((group) => compositions(group.rows, group.choices.length, MAX_CANDIDATES + 1));
  let combinations = 1;
  for (const splits of splitsOf) combinations = Math.min(combinations * splits.length, MAX_CANDIDATES + 1);
  const exhaustive = combinations <= MAX_CANDIDATES;
  const stateOf = (pick: (group: number) => number[]): BinState => {
    const state: BinState = {
      edges,
      count: base.count.slice(),
      sum: base.sum.slice(),
      positive: base.positive.slice(),
    };
    groups.forEach((group, g) => {
      pick(g).forEach((rows, c) => {
        if (rows > 0) add(state, group.choices[c] as number, group.value, group.positive, rows);
      });
    });
    return state;
  };
  const states: BinState[] = [];
  for (let combination = 0; combination < (exhaustive ? combinations : 1); combination += 1) {
    let rest = combination;
    const picks = splitsOf.map((splits) => {
      const split = splits[rest % splits.length] as number[];
      rest = Math.floor(rest / splits.length);
      return split;
    });
    states.push(stateOf((g) => picks[g] as number[]));
  }
  const candidates: BinningCandidates = {
    states,
    exhaustive,
    ambiguousRows,
    groups,
    base,
    errorRange: (total, norm) => binnedErrorRange(candidates, total, norm),
  };
  return candidates;
}

/** Every split of `rows` into `parts` ordered counts, the all-in-the-first one first; at most `limit` of them. */
function compositions(rows: number, parts: number, limit: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], left: number): void => {
    if (out.length >= limit) return;
    if (prefix.length === parts - 1) {
      out.push([left, ...prefix]);
      return;
    }
    for (let take = 0; take <= left && out.length < limit; take += 1) walk([...prefix, take], left - take);
  };
  walk([], rows);
  return out;
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
      throw new Error(
        `${context}: ${error instanceof Error ? error.message : String(error)} (${candidates.ambiguousRows} rows next to an edge)`,
      );
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
      (others > 0
        ? ` (nor any of ${others} other binnings of the ${candidates.ambiguousRows} rows next to an edge)`
        : ''),
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

/** The most vertex binnings (each group wholly in one bin) {@link binnedErrorRange} lists. */
const MAX_VERTICES = 4096;

/**
 * The least and the largest {@link binnedError} over every binning of `candidates` (every row-by-row choice). Listed
 * exhaustively, these are the extremes of the list. Otherwise the error, a convex function of how many rows of each
 * group take each bin (l1 and the square of l2: sums of |P − S| and of (P − S)²/n per bin, P, S, n affine in those
 * counts) or a quasi-convex one (max: the largest |P − S|/n), is largest at a vertex, every group wholly in one of its
 * bins; and it is never below the error of the binning with the bins on both sides of each ambiguous edge merged (a
 * coarsening of every candidate: |a + b| ≤ |a| + |b|, (a + b)²/(m + n) ≤ a²/m + b²/n, and the mediant
 * |a + b|/(m + n) ≤ max(|a|/m, |b|/n)).
 *
 * @example
 * ```ts
 * import { binnedReference } from '@softlabels/test-utils';
 *
 * const candidates = binnedReference([0.5, 0.95], [1, 0], 2, 'uniform', 1e-6);
 * console.log(candidates.errorRange(2, 'l1')); // about [0.225, 0.725]: both rows in the top bin, or 0.5 in the bottom one
 * ```
 */
function binnedErrorRange(candidates: BinningCandidates, total: number, norm: 'l1' | 'l2' | 'max'): [number, number] {
  if (candidates.exhaustive) {
    const errors = candidates.states.map((state) => binnedError(state, total, norm));
    return [Math.min(...errors), Math.max(...errors)];
  }
  const { base } = candidates;
  // Groups of the same bins and positive differ only in their values, all within `slack` of the same edge: pooled at
  // the middle of their values, any binning's per-bin mean values move by at most `spread` and so does its error.
  const pooledByKey = new Map<string, { group: AmbiguousGroup; low: number; high: number }>();
  for (const group of candidates.groups) {
    const key = `${[...group.choices].sort((x, y) => x - y).join(',')}:${group.positive}`;
    const pooled = pooledByKey.get(key);
    if (pooled === undefined) pooledByKey.set(key, { group: { ...group }, low: group.value, high: group.value });
    else {
      pooled.group.rows += group.rows;
      pooled.low = Math.min(pooled.low, group.value);
      pooled.high = Math.max(pooled.high, group.value);
    }
  }
  let spread = 0;
  const groups = [...pooledByKey.values()].map(({ group, low, high }) => {
    spread = Math.max(spread, (high - low) / 2);
    return { ...group, value: low + (high - low) / 2 };
  });
  let vertices = 1;
  for (const group of groups) vertices *= group.choices.length;
  if (vertices > MAX_VERTICES) {
    throw new Error(
      `binnedErrorRange: ${groups.length} groups of rows next to an edge, ${vertices} vertex binnings (at most ${MAX_VERTICES})`,
    );
  }
  let high = 0;
  for (let vertex = 0; vertex < vertices; vertex += 1) {
    const state: BinState = {
      edges: base.edges,
      count: base.count.slice(),
      sum: base.sum.slice(),
      positive: base.positive.slice(),
    };
    let rest = vertex;
    for (const group of groups) {
      const bin = group.choices[rest % group.choices.length] as number;
      rest = Math.floor(rest / group.choices.length);
      state.count[bin] = (state.count[bin] as number) + group.rows;
      state.sum[bin] = (state.sum[bin] as number) + group.rows * group.value;
      state.positive[bin] = (state.positive[bin] as number) + group.rows * group.positive;
    }
    high = Math.max(high, binnedError(state, total, norm));
  }
  // Merge the bins each group may take into one: bin m joins bin m − 1 when some group straddles the edge between them.
  const bins = base.count.length;
  const joinsBelow = new Uint8Array(bins);
  for (const group of groups) {
    const lowest = Math.min(...group.choices);
    const highest = Math.max(...group.choices);
    for (let m = lowest + 1; m <= highest; m += 1) joinsBelow[m] = 1;
  }
  const merged: BinState = {
    edges: base.edges,
    count: new Float64Array(bins),
    sum: new Float64Array(bins),
    positive: new Float64Array(bins),
  };
  let target = 0;
  for (let m = 0; m < bins; m += 1) {
    if (joinsBelow[m] === 0) target = m;
    merged.count[target] = (merged.count[target] as number) + (base.count[m] as number);
    merged.sum[target] = (merged.sum[target] as number) + (base.sum[m] as number);
    merged.positive[target] = (merged.positive[target] as number) + (base.positive[m] as number);
  }
  for (const group of groups) {
    let bin = group.choices[0] as number;
    while (bin > 0 && joinsBelow[bin] === 1) bin -= 1;
    merged.count[bin] = (merged.count[bin] as number) + group.rows;
    merged.sum[bin] = (merged.sum[bin] as number) + group.rows * group.value;
    merged.positive[bin] = (merged.positive[bin] as number) + group.rows * group.positive;
  }
  return [binnedError(merged, total, norm) - spread, high + spread];
}
