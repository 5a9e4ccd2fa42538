import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { topLabelError } from './internal/compute';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareAdaptiveCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { topLabelResampler } from './internal/weighted-statistics';
import type { AdaptiveCalibrationErrorOptions } from './adaptive-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Top-label calibration error over equal-mass (adaptive) bins — the "adaptive ECE" of Mukhoti et al. (2020); the
 * same as `expectedCalibrationError` with `binning: 'quantile'`. Edge m is the largest confidence of the m-th of M
 * equal rank chunks; tied confidences always share a bin, so heavy ties leave some bins empty rather than splitting
 * tied rows or dropping them (every row is counted once). Not Nixon et al.'s classwise "ACE" and not netcal's
 * "average calibration error" (see the README). With `bootstrap` it returns the percentile interval over resamples
 * of the rows (a `MetricInterval`), the edges recomputed from each resample.
 *
 * @example
 * ```ts
 * import { adaptiveCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]];
 * console.log(adaptiveCalibrationError({ probabilities }, [0, 1, 1, 0], { bins: 2 })); // ≈ 0.35
 * console.log(adaptiveCalibrationError({ probabilities }, [0, 1, 1, 0], { bins: 2, bootstrap: { seed: 7 } }).high); // ≈ 0.6
 * ```
 */
export function adaptiveCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<AdaptiveCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function adaptiveCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: AdaptiveCalibrationErrorOptions,
): number;
export function adaptiveCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: AdaptiveCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function adaptiveCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: AdaptiveCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareAdaptiveCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'adaptiveCalibrationError',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const { bins, norm, precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) result = topLabelError(stateOf(rows, bins, 'quantile', 'top-label', precision), norm);
  else {
    const resample = topLabelResampler(rowTableOf(rows, 'top-label', precision), bins, 'quantile');
    result = bootstrapInterval(rows.rows, (weights) => topLabelError(resample(weights), norm), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
