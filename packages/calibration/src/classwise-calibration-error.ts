import { stateOf } from './internal/calibration-state';
import { classwiseError } from './internal/compute';
import { prepareClasswiseCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { ClasswiseCalibrationErrorOptions } from './classwise-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Classwise calibration error (Kull et al. 2019): for every class k, the binned error of p_k against 1{y = k} over
 * all rows (equal-width bins, combined by `norm`), averaged over the K classes. Always summed in float64: the fused
 * kernel gives top-label statistics only, so `precision: 'float32'` runs the same pass. Its per-class bins take
 * classes × bins slots, at most 2²⁴ (an `InvalidArgumentError` naming the input beyond that).
 *
 * @example
 * ```ts
 * import { classwiseCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
 * console.log(classwiseCalibrationError({ probabilities }, [0, 1, 0], { bins: 10 }));
 * ```
 */
export function classwiseCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ClasswiseCalibrationErrorOptions = {},
): number {
  const prepared = prepareClasswiseCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'classwiseCalibrationError',
    prepared.distributionTolerance,
    false,
    prepared.ignoreIndex,
  );
  const error = classwiseError(stateOf(rows, prepared.bins, 'uniform', 'classwise', prepared.precision), prepared.norm);
  warnIfProbabilities(rows);
  return error;
}
