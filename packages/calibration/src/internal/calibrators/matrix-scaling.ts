/**
 * Matrix scaling (Guo et al., 2017) with the optional off-diagonal and intercept regularisation (ODIR) of Kull et al.
 * (2019) as a `fitCalibrator` method: softmax(W z + b) of logits z, in float64.
 */
import { fitLinearMap, logitRows, readRegularization } from './linear-fit';
import {
  matrixJson,
  matrixParameters,
  matrixTheta,
  readMatrixParameters,
  type MatrixParameters,
} from './linear-parameters';
import { linearSoftmaxProbabilities } from './linear-softmax-objective';
import type { MethodDefinition } from './method-definition';

/**
 * A K × K matrix and K offsets, fitted from W = I, b = 0 by L-BFGS on the mean NLL plus ODIR
 * (`options.regularization`), until the gradient's largest entry is at most `tolerance` (default 1e-8) or after
 * `maxIterations` (default 2000).
 */
export const matrixScalingMethod: MethodDefinition<MatrixParameters> = {
  method: 'matrix',
  accepts: ['logits'],
  iterative: true,
  optionKeys: ['regularization'],
  fit(rows, options, settings) {
    const regularization = readRegularization(options);
    const fit = fitLinearMap('matrix', rows, logitRows, regularization, settings);
    return {
      parameters: matrixParameters(fit.theta, rows.classes),
      iterations: fit.iterations,
      converged: fit.converged,
    };
  },
  apply(parameters, rows) {
    const inputs = logitRows(rows);
    return linearSoftmaxProbabilities('matrix', matrixTheta(parameters), inputs, rows.rows, rows.classes);
  },
  toJson: matrixJson,
  fromJson: (value, classes, functionName) => readMatrixParameters(value, classes, functionName),
};
