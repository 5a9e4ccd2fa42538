/** Vector scaling (Guo et al., 2017) as a `fitCalibrator` method: softmax(a ⊙ z + b) of logits z, in float64. */
import { fitLinearMap, logitRows, readOnIteration } from './linear-fit';
import { readVectorParameters, vectorParameters, vectorTheta, type VectorScalingParameters } from './linear-parameters';
import { linearSoftmaxProbabilities } from './linear-softmax-objective';
import type { MethodDefinition } from './method-definition';

/**
 * One scale and one offset per class, fitted from a = 1, b = 0 by L-BFGS on the mean NLL, until the gradient's
 * largest entry is at most `tolerance` (default 1e-8) or after `maxIterations` (default 2000).
 */
export const vectorScalingMethod: MethodDefinition<VectorScalingParameters> = {
  method: 'vector',
  accepts: ['logits'],
  iterative: true,
  optionKeys: ['onIteration'],
  fit(rows, options, settings) {
    const regularization = { offDiagonal: 0, intercept: 0 };
    const fit = fitLinearMap('vector', rows, logitRows, regularization, settings, readOnIteration(options));
    return {
      parameters: vectorParameters(fit.theta, rows.classes),
      iterations: fit.iterations,
      converged: fit.converged,
    };
  },
  apply(parameters, rows) {
    const inputs = logitRows(rows);
    return linearSoftmaxProbabilities('vector', vectorTheta(parameters), inputs, rows.rows, rows.classes);
  },
  toJson: ({ a, b }) => ({ a: Array.from(a), b: Array.from(b) }),
  fromJson: (value, classes, functionName) => readVectorParameters(value, classes, functionName),
};
