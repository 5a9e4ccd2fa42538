/**
 * Matrix scaling (Guo et al., 2017) with the optional off-diagonal and intercept regularisation (ODIR) of Kull et al.
 * (2019) as a `fitCalibrator` method: softmax(W z + b) of logits z, in float64.
 */
import type { MatrixParameters } from './linear-parameters';
import { matrixMapMethod } from './matrix-map-method';
import type { MethodDefinition } from './method-definition';
import { logitRows } from './linear-fit';

/** A K × K matrix and K offsets on the logits, fitted as `matrixMapMethod` says. */
export const matrixScalingMethod: MethodDefinition<MatrixParameters> = matrixMapMethod('matrix', ['logits'], logitRows);
