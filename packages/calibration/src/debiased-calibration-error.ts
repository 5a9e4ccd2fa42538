import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { debiasedError } from './internal/compute';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareDebiasedCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { topLabelResampler } from './internal/weighted-statistics';
import type { DebiasedCalibrationErrorOptions } from './debiased-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Debiased estimate of the top-label L2 calibration error (Kumar, Liang & Ma 2019, *Verified Uncertainty
 * Calibration*): `sqrt(max(0, Σ_m |B_m|/n · [(conf_m − acc_m)² − acc_m(1 − acc_m)/(|B_m| − 1)]))`, bins with fewer
 * than two rows adding 0. The plug-in RMS error (`expectedCalibrationError` with `norm: 'l2'`) is biased upwards
 * on small bins; this removes the sampling variance of each bin's accuracy. With `bootstrap` it returns the
 * percentile interval over resamples of the rows (a `MetricInterval`).
 *
 * @example
 * ```ts
 * import { debiasedCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.1, 0.9], [0.1, 0.9], [0.1, 0.9], [0.1, 0.9]];
 * // One bin: confidence 0.9, accuracy 0.25; plug-in RMS error 0.65, debiased sqrt(0.65² − 0.25·0.75/3) ≈ 0.60.
 * console.log(debiasedCalibrationError({ probabilities }, [1, 0, 0, 0], { bins: 1 }));
 * console.log(debiasedCalibrationError({ probabilities }, [1, 0, 0, 0], { bins: 1, bootstrap: {} }).estimate); // ≈ 0.60
 * ```
 */
export function debiasedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<DebiasedCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function debiasedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: DebiasedCalibrationErrorOptions,
): number;
export function debiasedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: DebiasedCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function debiasedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: DebiasedCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareDebiasedCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'debiasedCalibrationError',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const { bins, binning, precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) result = debiasedError(stateOf(rows, bins, binning, 'top-label', precision));
  else {
    const resample = topLabelResampler(rowTableOf(rows, 'top-label', precision), bins, binning);
    result = bootstrapInterval(rows.rows, (weights) => debiasedError(resample(weights)), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
