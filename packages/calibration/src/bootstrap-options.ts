/**
 * The `bootstrap` option of every metric that returns a number: a percentile interval of the metric over resamples of
 * the rows, drawn with replacement by the seeded `RandomSource` of `@softlabels/core`.
 */
export interface BootstrapOptions {
  /** How many resamples of N rows each (default 1000, an integer from 1 to 10⁶). */
  resamples?: number;
  /** The coverage of the interval (default 0.95, strictly between 0 and 1). */
  level?: number;
  /** The seed of the `RandomSource` that draws the resamples (default 0, a 32-bit signed integer). */
  seed?: number;
}

/**
 * The option that turns a metric's number into a {@link MetricInterval}. Its type argument says what options of that
 * type may hold: `undefined` (the default: no `bootstrap`, so the metric returns a number) or `BootstrapOptions`
 * (the metric returns `number | MetricInterval`); {@link WithBootstrap} makes it required (a `MetricInterval`).
 */
export interface BootstrapOption<B extends BootstrapOptions | undefined = undefined> {
  /**
   * Resample the rows (the labelled rows left after `ignoreIndex`) with replacement and return the percentile
   * interval of the metric over the resamples, a {@link MetricInterval}, instead of a number. The input is read and
   * validated once and its per-row statistics computed once; each resample only re-weights them.
   */
  bootstrap?: B;
}

/**
 * A metric with its bootstrap percentile interval: `estimate` is the metric on all rows (what the call without
 * `bootstrap` returns, up to summation order); `low` and `high` are the `(1 − level)/2` and `(1 + level)/2` quantiles
 * of the metric over `resamples` resamples, interpolated linearly between order statistics (NumPy's default
 * `percentile`). The same seed gives the same interval.
 */
export interface MetricInterval {
  estimate: number;
  low: number;
  high: number;
  level: number;
  resamples: number;
  seed: number;
}

/**
 * Options `O` with `bootstrap` set: what makes a metric return a {@link MetricInterval}, also from a variable of this
 * type (`const options: WithBootstrap<ExpectedCalibrationErrorOptions> = { bins: 10, bootstrap: {} }`).
 */
export type WithBootstrap<O> = Omit<O, 'bootstrap'> & { bootstrap: BootstrapOptions };
