/**
 * The bootstrap loop shared by every metric that returns a number: seeded resamples of the rows as multiplicities, a
 * statistic re-aggregated from per-row statistics for each, and the percentile interval of the results.
 */
import { checkNumber, RandomSource, readOptions } from '@softlabels/core';
import type { BootstrapOptions, MetricInterval } from '../bootstrap-options';

/** The most resamples a call takes. */
export const MAX_RESAMPLES = 1e6;

/** Bootstrap options with their defaults filled in. */
export type PreparedBootstrap = Required<BootstrapOptions>;

/** A coverage level strictly between 0 and 1, checked as `parameter` of `functionName`. */
export function checkLevel(value: unknown, parameter: string, functionName: string): number {
  return checkNumber(value, parameter, functionName, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
}

/** Reads `options.bootstrap`; `undefined` when it is not given. */
export function prepareBootstrap(value: unknown, functionName: string): PreparedBootstrap | undefined {
  if (value === undefined) return undefined;
  const o = readOptions(value as BootstrapOptions, ['resamples', 'level', 'seed'], functionName, 'options.bootstrap');
  return {
    resamples: checkNumber(o.resamples ?? 1000, 'options.bootstrap.resamples', functionName, {
      min: 1,
      max: MAX_RESAMPLES,
      integer: true,
    }),
    level: checkLevel(o.level ?? 0.95, 'options.bootstrap.level', functionName),
    seed: checkNumber(o.seed ?? 0, 'options.bootstrap.seed', functionName, {
      min: RandomSource.MIN_SEED,
      max: RandomSource.MAX_SEED,
      integer: true,
    }),
  };
}

/**
 * A statistic of the rows under multiplicities: `weights[i]` copies of row i (summing to the row count), or every
 * row once for `null`.
 */
export type WeightedStatistic = (weights: Int32Array | null) => number;

/** The `q`-quantile of ascending `sorted`, interpolated linearly between order statistics (NumPy's `'linear'`). */
export function linearQuantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower === upper ? lower : lower + (position - below) * (upper - lower);
}

/**
 * The interval of `statistic` over `prepared.resamples` resamples of `rows` rows: each resample draws `rows` row
 * indices uniformly with replacement (`floor(u · rows)` of the source's `uniform()`), counts them into multiplicities
 * and evaluates the statistic on them. `estimate` is `statistic(null)`.
 */
export function bootstrapInterval(
  rows: number,
  statistic: WeightedStatistic,
  prepared: PreparedBootstrap,
): MetricInterval {
  const estimate = statistic(null);
  const random = new RandomSource(prepared.seed);
  const weights = new Int32Array(rows);
  const values = new Float64Array(prepared.resamples);
  for (let resample = 0; resample < prepared.resamples; resample += 1) {
    weights.fill(0);
    for (let draw = 0; draw < rows; draw += 1) {
      const row = Math.floor(random.uniform() * rows);
      weights[row] = (weights[row] as number) + 1;
    }
    values[resample] = statistic(weights);
  }
  values.sort();
  return {
    estimate,
    low: linearQuantile(values, (1 - prepared.level) / 2),
    high: linearQuantile(values, (1 + prepared.level) / 2),
    level: prepared.level,
    resamples: prepared.resamples,
    seed: prepared.seed,
  };
}
