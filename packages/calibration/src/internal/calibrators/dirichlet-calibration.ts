/**
 * Dirichlet calibration (Kull et al., 2019) with its optional off-diagonal and intercept regularisation (ODIR) as a
 * `fitCalibrator` method: softmax(W log p + b), in float64, of probabilities p (their log clipped below at
 * `PROBABILITY_FLOOR`) or of logits (log p their log-softmax).
 */
import type { MatrixParameters } from './linear-parameters';
import { matrixMapMethod } from './matrix-map-method';
import type { MethodDefinition } from './method-definition';
import { logProbabilityRows } from './row-transforms';

/** A K × K matrix and K offsets on the log-probabilities, fitted as `matrixMapMethod` says. */
export const dirichletCalibrationMethod: MethodDefinition<MatrixParameters> = matrixMapMethod(
  'dirichlet',
  ['logits', 'probabilities'],
  logProbabilityRows,
);
