/**
 * Dirichlet calibration (Kull et al., 2019) with its optional off-diagonal and intercept regularisation (ODIR) as a
 * `fitCalibrator` method: softmax(W log p + b), in float64, of probabilities p (their log clipped below at
 * `PROBABILITY_FLOOR`) or of logits (log p their log-softmax).
 */
import { fitLinearMap, readRegularization } from './linear-fit';
import {
  matrixJson,
  matrixParameters,
  matrixTheta,
  readMatrixParameters,
  type MatrixParameters,
} from './linear-parameters';
import { linearSoftmaxProbabilities } from './linear-softmax-objective';
import type { MethodDefinition } from './method-definition';
import { logProbabilityRows } from './row-transforms';

/**
 * A K × K matrix and K offsets on the log-probabilities, fitted from W = I, b = 0 by L-BFGS on the mean NLL plus ODIR
 * (`options.regularization`), until the gradient's largest entry is at most `tolerance` (default 1e-8) or after
 * `maxIterations` (default 2000).
 */
export const dirichletCalibrationMethod: MethodDefinition<MatrixParameters> = {
  method: 'dirichlet',
  accepts: ['logits', 'probabilities'],
  iterative: true,
  optionKeys: ['regularization'],
  fit(rows, options, settings) {
    const regularization = readRegularization(options);
    const fit = fitLinearMap('matrix', rows, logProbabilityRows, regularization, settings);
    return {
      parameters: matrixParameters(fit.theta, rows.classes),
      iterations: fit.iterations,
      converged: fit.converged,
    };
  },
  apply(parameters, rows) {
    const inputs = logProbabilityRows(rows);
    return linearSoftmaxProbabilities('matrix', matrixTheta(parameters), inputs, rows.rows, rows.classes);
  },
  toJson: matrixJson,
  fromJson: (value, classes, functionName) => readMatrixParameters(value, classes, functionName),
};
