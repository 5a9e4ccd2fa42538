import {
  brierScore,
  expectedCalibrationError,
  type MetricInterval,
  negativeLogLikelihood,
} from '@softlabels/calibration';

/** The bootstrap of {@link metricIntervals}: resamples of the rows, and the seed that makes them reproducible. */
export interface IntervalSettings {
  resamples: number;
  seed: number;
  /** Coverage of each interval (default 0.95). */
  level?: number;
}

/** Percentile bootstrap intervals of the headline metrics, as `metrics.json` holds them under `intervals`. */
export interface MetricIntervals {
  ece: MetricInterval;
  mce: MetricInterval;
  brier: MetricInterval;
  nll: MetricInterval;
}

/**
 * Bootstrap intervals of ECE and MCE (top-label, `bins` equal-width bins), the Brier score and the NLL of rows held in
 * memory, each by `@softlabels/calibration`'s own `bootstrap` option with the same resamples and seed (so the same
 * seed gives the same intervals).
 */
export function metricIntervals(
  scores: { data: Float64Array; dims: [number, number] },
  kind: 'logits' | 'probabilities',
  labels: Int32Array,
  bins: number,
  settings: IntervalSettings,
): MetricIntervals {
  const input = kind === 'logits' ? { logits: scores } : { probabilities: scores };
  const bootstrap = { resamples: settings.resamples, seed: settings.seed, level: settings.level ?? 0.95 };
  return {
    ece: expectedCalibrationError(input, labels, { bins, bootstrap }),
    mce: expectedCalibrationError(input, labels, { bins, norm: 'max', bootstrap }),
    brier: brierScore(input, labels, { bootstrap }),
    nll: negativeLogLikelihood(input, labels, { bootstrap }),
  };
}
