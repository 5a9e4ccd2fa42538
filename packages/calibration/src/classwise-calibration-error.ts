import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { checkClasswiseSize, rowTableOf, stateOf } from './internal/calibration-state';
import { classwiseError } from './internal/compute';
import { prepareClasswiseCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { classwiseResampler } from './internal/weighted-statistics';
import type { ClasswiseCalibrationErrorOptions } from './classwise-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Classwise calibration error (Kull et al. 2019): for every class k, the binned error of p_k against 1{y = k} over
 * all rows (equal-width bins, combined by `norm`), averaged over the K classes. Always summed in float64: the fused
 * kernel gives top-label statistics only, so `precision: 'float32'` runs the same pass. Its per-class bins take
 * classes × bins slots, at most 2²⁴ (an `InvalidArgumentError` naming the input beyond that). With `bootstrap` it
 * returns the percentile interval over resamples of the rows (a `MetricInterval`); it keeps the N × K probabilities
 * and their bins, and each resample costs O(N·K).
 *
 * @example
 * ```ts
 * import { classwiseCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
 * console.log(classwiseCalibrationError({ probabilities }, [0, 1, 0], { bins: 10 }));
 * const { low, high } = classwiseCalibrationError({ probabilities }, [0, 1, 0], { bins: 10, bootstrap: { level: 0.9 } });
 * console.log(low <= high); // true
 * ```
 */
export function classwiseCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<ClasswiseCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function classwiseCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ClasswiseCalibrationErrorOptions,
): number;
export function classwiseCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ClasswiseCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function classwiseCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ClasswiseCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareClasswiseCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'classwiseCalibrationError',
    prepared.distributionTolerance,
    false,
    prepared.ignoreIndex,
  );
  const { bins, norm, precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) result = classwiseError(stateOf(rows, bins, 'uniform', 'classwise', precision), norm);
  else {
    checkClasswiseSize(bins, rows.classes, rows.parameter, rows.functionName);
    const resample = classwiseResampler(rowTableOf(rows, 'classwise', precision), bins);
    result = bootstrapInterval(rows.rows, (weights) => classwiseError(resample(weights), norm), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
