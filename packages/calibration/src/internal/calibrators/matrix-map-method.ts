/** What matrix scaling and Dirichlet calibration share: a `fitCalibrator` method of softmax(W x + b). */
import type { HostRows } from '../read-input';
import { fitLinearMap, readOnIteration, readRegularization } from './linear-fit';
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
 * The method `method` of softmax(W x + b) with x = `inputsOf(rows)` (float64, row-major, K per row): fitted from
 * W = I, b = 0 by L-BFGS on the mean NLL plus ODIR (`options.regularization`), until the gradient's largest entry is at
 * most `tolerance` (default 1e-8) or after `maxIterations` (default 2000).
 */
export function matrixMapMethod(
  method: 'matrix' | 'dirichlet',
  accepts: readonly HostRows['kind'][],
  inputsOf: (rows: HostRows) => Float64Array,
): MethodDefinition<MatrixParameters> {
  return {
    method,
    accepts,
    iterative: true,
    optionKeys: ['regularization', 'onIteration'],
    fit(rows, options, settings) {
      const regularization = readRegularization(options);
      const fit = fitLinearMap('matrix', rows, inputsOf, regularization, settings, readOnIteration(options));
      return {
        parameters: matrixParameters(fit.theta, rows.classes),
        iterations: fit.iterations,
        converged: fit.converged,
      };
    },
    apply(parameters, rows) {
      return linearSoftmaxProbabilities('matrix', matrixTheta(parameters), inputsOf(rows), rows.rows, rows.classes);
    },
    toJson: matrixJson,
    fromJson: (value, classes, functionName) => readMatrixParameters(value, classes, functionName),
  };
}
