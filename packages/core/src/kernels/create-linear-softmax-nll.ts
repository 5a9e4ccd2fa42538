import { checkFloat64 } from './internal/check-kernel-input';
import { residentLinearSoftmaxRows } from './internal/resident-linear-softmax-rows';
import { runRowKernel } from './internal/run-kernel';

/** The rows a fit of softmax(W x + b) evaluates its objective on. */
export interface LinearSoftmaxNllData {
  /** Row-major float64 rows x `[rows, classes]` (logits for matrix scaling, log-probabilities for Dirichlet). */
  inputs: Float64Array;
  rows: number;
  classes: number;
  /** True class index of each row. */
  labels: Int32Array;
}

/**
 * The objective of {@link createLinearSoftmaxNll}: for θ (W row-major `classes × classes`, then b), returns
 * Σ_n −log softmax(W x_n + b)_{y_n} and writes its gradient with respect to θ into `gradient` (same layout).
 */
export type LinearSoftmaxNll = (theta: Float64Array, gradient: Float64Array) => number;

const FUNCTION = 'createLinearSoftmaxNll';

/**
 * Loads rows x and labels once into WASM memory and returns the summed NLL of softmax(W x + b) with its gradient in
 * (W, b), in float64 — the objective of matrix scaling and Dirichlet calibration. Each call is one pass of the
 * `linearSoftmaxRows` kernel: the scores X Wᵀ + b and the gradient Rᵀ X (R the softmax residuals) as cache-blocked
 * f64x2 SIMD products, with the softmax in between. Large data (≥ 2¹⁸ values) goes into the kernels' worker-thread
 * memory when threads are on (see `setKernelThreads`), and each pass is split over the threads by rows; smaller data
 * into a memory of its own. The data is copied, so later changes to `inputs` are not seen; it is freed when the
 * returned function is garbage-collected. A θ with non-finite entries gives a non-finite value.
 *
 * @example
 * ```ts
 * import { createLinearSoftmaxNll } from '@softlabels/core/kernels';
 *
 * const objective = createLinearSoftmaxNll({
 *   inputs: new Float64Array([2, 0, 0, 1]), rows: 2, classes: 2, labels: new Int32Array([0, 0]),
 * });
 * const gradient = new Float64Array(6);
 * const value = objective(new Float64Array([1, 0, 0, 1, 0, 0]), gradient);
 * console.log(value.toFixed(4), gradient[4].toFixed(4)); // '1.4402' '-0.8503'
 * ```
 */
export function createLinearSoftmaxNll(data: LinearSoftmaxNllData): LinearSoftmaxNll {
  const resident = residentLinearSoftmaxRows(data, FUNCTION, 'linearSoftmaxRows');
  const { rows, classes, inputs, labels, parameters, arena, scratchBytes } = resident;
  const [inputsAt, labelsAt] = resident.pointers as [number, number];
  const objective: LinearSoftmaxNll = (theta, gradient) => {
    checkFloat64(theta, parameters, 'theta', 'linearSoftmaxNll', 'classes² + classes');
    checkFloat64(gradient, parameters, 'gradient', 'linearSoftmaxNll', 'classes² + classes');
    const results = runRowKernel(
      'linearSoftmaxRows',
      rows,
      [
        { kind: 'rows-in', array: inputs, width: classes, address: inputsAt },
        { kind: 'scalar', value: classes },
        { kind: 'rows-in', array: labels, width: 1, address: labelsAt },
        { kind: 'vector-in', array: theta },
        { kind: 'sum-out', array: gradient },
        { kind: 'scratch', bytes: scratchBytes },
      ],
      { functionName: 'linearSoftmaxNll', arena },
    );
    return results.reduce((total, block) => total + block.value, 0);
  };
  resident.unpinWith(objective);
  return objective;
}
