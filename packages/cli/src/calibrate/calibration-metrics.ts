import type { CalibrationAccumulator, CalibrationSummary } from '@softlabels/calibration';

import type { MetricIntervals } from './metric-intervals';

/** `metrics.json`: the headline numbers first, then the rest of the accumulator's summary. */
export interface CalibrationMetrics {
  count: number;
  accuracy: number;
  /** Top-label ECE over equal-width bins, l1. */
  ece: number;
  mce: number;
  brier: number;
  /** `null` when infinite (a label had probability 0). */
  nll: number | null;
  bins: number;
  skipped: number;
  averageConfidence: number;
  rmsCalibrationError: number;
  classwiseCalibrationError: number;
  debiasedCalibrationError: number;
  reliability: CalibrationSummary['reliability'];
  histogram: CalibrationSummary['histogram'];
  /** With `--bootstrap`: percentile bootstrap intervals of ECE, MCE, Brier score and NLL. */
  intervals?: MetricIntervals;
}

/** The {@link CalibrationMetrics} of an accumulator that streamed the files (`skipped` invalid rows left out). */
export function metricsOf(accumulator: CalibrationAccumulator, skipped: number): CalibrationMetrics {
  const summary = accumulator.compute();
  return {
    count: summary.count,
    accuracy: summary.accuracy,
    ece: summary.expectedCalibrationError,
    mce: summary.maximumCalibrationError,
    brier: summary.brierScore,
    nll: Number.isFinite(summary.negativeLogLikelihood) ? summary.negativeLogLikelihood : null,
    bins: accumulator.bins,
    skipped,
    averageConfidence: summary.averageConfidence,
    rmsCalibrationError: summary.rmsCalibrationError,
    classwiseCalibrationError: summary.classwiseCalibrationError,
    debiasedCalibrationError: summary.debiasedCalibrationError,
    reliability: summary.reliability,
    histogram: summary.histogram,
  };
}
