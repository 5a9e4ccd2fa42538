import { checkFinite } from '../validation/check-values';
import { checkDimensions, checkFloat64, checkOptionsObject } from './internal/check-kernel-input';
import { ownMemoryArena } from './internal/kernel-arena';
import { runRowKernel } from './internal/run-kernel';

/** The options of {@link linearSoftmaxProbabilities}. */
export interface LinearSoftmaxProbabilitiesOptions {
  /** Row-major float64 rows x `[rows, classes]`. */
  inputs: Float64Array;
  rows: number;
  classes: number;
  /** The map θ: W row-major `classes × classes`, then b (`classes² + classes` values). */
  theta: Float64Array;
}

const FUNCTION = 'linearSoftmaxProbabilities';

/**
 * softmax(W x + b) of every row, in float64: the scores as `createLinearSoftmaxNll` computes them (cache-blocked
 * f64x2 SIMD, large inputs split over the kernel threads), then the max-shifted softmax of each row. What a matrix
 * scaling or Dirichlet calibrator applies.
 *
 * @example
 * ```ts
 * import { linearSoftmaxProbabilities } from '@softlabels/core/kernels';
 *
 * const p = linearSoftmaxProbabilities({
 *   inputs: new Float64Array([2, 0]), rows: 1, classes: 2, theta: new Float64Array([1, 0, 0, 1, 0, 0]),
 * });
 * console.log(p[0].toFixed(4), p[1].toFixed(4)); // '0.8808' '0.1192'
 * ```
 */
export function linearSoftmaxProbabilities(options: LinearSoftmaxProbabilitiesOptions): Float64Array {
  const raw = checkOptionsObject<LinearSoftmaxProbabilitiesOptions>(
    options,
    FUNCTION,
    '{ inputs, rows, classes, theta }',
    ['inputs', 'rows', 'classes', 'theta'],
  );
  const { rows, classes } = checkDimensions(raw.rows, raw.classes, FUNCTION);
  const inputs = checkFloat64(raw.inputs, rows * classes, 'options.inputs', FUNCTION, 'rows·classes');
  checkFinite(inputs, 'options.inputs', FUNCTION);
  const theta = checkFloat64(raw.theta, classes * classes + classes, 'options.theta', FUNCTION, 'classes² + classes');
  checkFinite(theta, 'options.theta', FUNCTION);
  const out = new Float64Array(rows * classes);
  runRowKernel(
    'linearSoftmaxProbabilityRows',
    rows,
    [
      { kind: 'rows-in', array: inputs, width: classes },
      { kind: 'scalar', value: classes },
      { kind: 'vector-in', array: theta },
      { kind: 'rows-out', array: out, width: classes },
      { kind: 'scratch', bytes: ownMemoryArena().kernels.linearSoftmaxScratchBytes(classes) },
    ],
    { functionName: FUNCTION },
  );
  return out;
}
