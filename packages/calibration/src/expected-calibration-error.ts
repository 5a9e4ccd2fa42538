import { stateOf } from './internal/calibration-state';
import { topLabelError } from './internal/compute';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareExpectedCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { ExpectedCalibrationErrorOptions } from './expected-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Top-label expected calibration error (Guo et al. 2017): `Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|` over M bins of the
 * top-label confidence. `norm: 'l2'` gives the RMS calibration error, `norm: 'max'` the maximum calibration error
 * (MCE) over non-empty bins. Equal-width bins are right-closed `((m−1)/M, m/M]` (0 in the first, 1.0 in the last),
 * compared against edges m/M in float64. All arithmetic is float64 by default; `precision: 'float32'` takes one fused
 * kernel pass instead (see `CalibrationPrecision`), as the example's last call does.
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
 * ```
 */
export function expectedCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ExpectedCalibrationErrorOptions = {},
): number {
  const prepared = prepareExpectedCalibrationErrorOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'expectedCalibrationError',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const state = stateOf(rows, prepared.bins, prepared.binning, 'top-label', prepared.precision);
  warnIfProbabilities(rows);
  return topLabelError(state, prepared.norm);
}
