import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { topLabelError } from './internal/compute';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareExpectedCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { topLabelResampler } from './internal/weighted-statistics';
import type { ExpectedCalibrationErrorOptions } from './expected-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Top-label expected calibration error (Guo et al. 2017): `Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|` over M bins of the
 * top-label confidence. `norm: 'l2'` gives the RMS calibration error, `norm: 'max'` the maximum calibration error
 * (MCE) over non-empty bins. Equal-width bins are right-closed `((m−1)/M, m/M]` (0 in the first, 1.0 in the last),
 * compared against edges m/M in float64. All arithmetic is float64 by default; `precision: 'float32'` takes one fused
 * kernel pass instead (see `CalibrationPrecision`), as the example's last call does. With `bootstrap` it returns the
 * percentile interval over resamples of the rows (a `MetricInterval`; equal-mass edges are recomputed per resample).
 *
 * @example
 * ```ts
 * import { expectedCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]];
 * const labels = [0, 1, 1, 0];
 * console.log(expectedCalibrationError({ probabilities }, labels, { bins: 10 })); // ≈ 0.4
 * console.log(expectedCalibrationError({ logits: [[2, 0], [0, 1]] }, [0, 0], { norm: 'max' }));
 * console.log(expectedCalibrationError({ probabilities }, labels, { bins: 10, precision: 'float32' })); // ≈ 0.4
 * const interval = expectedCalibrationError({ probabilities }, labels, { bins: 10, bootstrap: { resamples: 200 } });
 * console.log(interval.estimate, interval.low, interval.high); // ≈ 0.4 0.175 0.7
 * ```
 */
export function expectedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<ExpectedCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function expectedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ExpectedCalibrationErrorOptions,
): number;
export function expectedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ExpectedCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function expectedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ExpectedCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareExpectedCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'expectedCalibrationError',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const { bins, binning, norm, precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) result = topLabelError(stateOf(rows, bins, binning, 'top-label', precision), norm);
  else {
    const resample = topLabelResampler(rowTableOf(rows, 'top-label', precision), bins, binning);
    result = bootstrapInterval(rows.rows, (weights) => topLabelError(resample(weights), norm), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
