import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNumber } from '../validation/check-number';
import type { LinearSoftmaxNllData } from './create-linear-softmax-nll';
import { checkFloat64 } from './internal/check-kernel-input';
import { residentLinearSoftmaxRows } from './internal/resident-linear-softmax-rows';
import { type KernelArgument, runRowKernel } from './internal/run-kernel';

/** The NLL and its derivative along a line, from {@link LinearSoftmaxPath.probe}. */
export interface LinePoint {
  /** Σ_n −log softmax(W x_n + b)_{y_n} at the point. */
  value: number;
  /** Its derivative in the step. */
  slope: number;
}

/**
 * The summed NLL of softmax(W x + b) followed along lines through the parameters θ = (W, b) (W row-major
 * `classes × classes`, then b), as a line search walks them: the scores X Wᵀ + b at the current point and X Dᵀ + d
 * along the direction stay in memory, so a trial step costs one pass over the scores, not a product.
 */
export interface LinearSoftmaxPath {
  /** Moves to θ (one product for the scores there): returns the NLL there and writes its gradient into `gradient`. */
  start(theta: Float64Array, gradient: Float64Array): number;
  /** Sets the line through the current point along `direction` (laid out as θ): one product for its scores. */
  setDirection(direction: Float64Array): void;
  /** The NLL and its slope at the current point plus `step` times the direction. */
  probe(step: number): LinePoint;
  /**
   * Moves the current point by `step` times the direction (its scores by `step` times the direction's): returns the
   * NLL there, equal to `probe(step).value`, and writes its gradient into `gradient` (one product).
   */
  advance(step: number, gradient: Float64Array): number;
}

const FUNCTION = 'createLinearSoftmaxPath';

/**
 * Loads rows x and labels once into WASM memory, with room for two more arrays of their size (the scores at the
 * current point and along the direction), and returns a {@link LinearSoftmaxPath}: the NLL of softmax(W x + b) and
 * its gradient in float64 as {@link createLinearSoftmaxNll} computes them, for line searches that try several steps
 * per direction. A step tried costs one pass of the `softmaxLineRows` kernel over the scores; the products (the
 * scores at a start and along a direction, and the gradient where the path moves) run as in `linearSoftmaxRows`,
 * split over the kernel threads for large data. Scores move by adding `step` times the direction's, so after many
 * moves they differ from a fresh `start` by rounding only. The data is freed when the path is garbage-collected.
 *
 * @throws InvalidArgumentError for malformed data, or for `probe`/`advance` before `start` and `setDirection`.
 * @throws KernelError when WASM memory cannot hold three copies of the rows.
 *
 * @example
 * ```ts
 * import { createLinearSoftmaxPath } from '@softlabels/core/kernels';
 *
 * const path = createLinearSoftmaxPath({
 *   inputs: new Float64Array([2, 0, 0, 1]), rows: 2, classes: 2, labels: new Int32Array([0, 0]),
 * });
 * const gradient = new Float64Array(6);
 * console.log(path.start(new Float64Array([1, 0, 0, 1, 0, 0]), gradient).toFixed(4)); // '1.4402'
 * path.setDirection(new Float64Array([0, 0, 0, 0, 1, -1]));
 * const { value, slope } = path.probe(0.5);
 * console.log(value.toFixed(4), slope.toFixed(4)); // '0.7417' '-1.0949'
 * ```
 */
export function createLinearSoftmaxPath(data: LinearSoftmaxNllData): LinearSoftmaxPath {
  const loaded = residentLinearSoftmaxRows(data, FUNCTION, 'softmaxAdvanceRows', (size) => [size * 8, size * 8]);
  const { rows, classes, labels, parameters, arena, scratchBytes } = loaded;
  const size = rows * classes;
  const [inputsAt, labelsAt, scoresAt, directionAt] = loaded.pointers as [number, number, number, number];
  const resident = (address: number): KernelArgument => ({
    kind: 'rows-in',
    array: new Float64Array(arena.kernels.memory.buffer, address, size),
    width: classes,
    address,
  });
  const labelRows: KernelArgument = { kind: 'rows-in', array: labels, width: 1, address: labelsAt };
  let started = false;
  let directed = false;

  const scoresOf = (theta: Float64Array, address: number, functionName: string): void => {
    runRowKernel(
      'linearScoreRows',
      rows,
      [
        resident(inputsAt),
        { kind: 'scalar', value: classes },
        { kind: 'vector-in', array: theta },
        resident(address),
        { kind: 'scratch', bytes: scratchBytes },
      ],
      { functionName, arena },
    );
  };
  /** The NLL and its gradient at the scores plus `step` times those at `along` (the direction's, or the scores'). */
  const gradientAt = (step: number, along: number, gradient: Float64Array, functionName: string): number => {
    const results = runRowKernel(
      'softmaxAdvanceRows',
      rows,
      [
        resident(inputsAt),
        { kind: 'scalar', value: classes },
        labelRows,
        resident(scoresAt),
        resident(along),
        { kind: 'scalar', value: step },
        { kind: 'sum-out', array: gradient },
        { kind: 'scratch', bytes: scratchBytes },
      ],
      { functionName, arena },
    );
    return results.reduce((total, block) => total + block.value, 0);
  };
  const readStep = (step: number, functionName: string): number => {
    const checked = checkNumber(step, 'step', functionName);
    if (!started || !directed) {
      throw new InvalidArgumentError({
        functionName,
        parameter: 'step',
        value: step,
        expected: 'follow start(theta, gradient) and setDirection(direction)',
      });
    }
    return checked;
  };

  const path: LinearSoftmaxPath = {
    start(theta, gradient) {
      checkFloat64(theta, parameters, 'theta', 'LinearSoftmaxPath.start', 'classes² + classes');
      checkFloat64(gradient, parameters, 'gradient', 'LinearSoftmaxPath.start', 'classes² + classes');
      scoresOf(theta, scoresAt, 'LinearSoftmaxPath.start');
      started = true;
      directed = false;
      // Step 0 along the scores themselves: the scores as they are.
      return gradientAt(0, scoresAt, gradient, 'LinearSoftmaxPath.start');
    },
    setDirection(direction) {
      checkFloat64(direction, parameters, 'direction', 'LinearSoftmaxPath.setDirection', 'classes² + classes');
      scoresOf(direction, directionAt, 'LinearSoftmaxPath.setDirection');
      directed = true;
    },
    probe(step) {
      const checked = readStep(step, 'LinearSoftmaxPath.probe');
      const slope = new Float64Array(1);
      const results = runRowKernel(
        'softmaxLineRows',
        rows,
        [
          resident(scoresAt),
          resident(directionAt),
          { kind: 'scalar', value: classes },
          labelRows,
          { kind: 'scalar', value: checked },
          { kind: 'sum-out', array: slope },
        ],
        { functionName: 'LinearSoftmaxPath.probe', arena },
      );
      return { value: results.reduce((total, block) => total + block.value, 0), slope: slope[0] as number };
    },
    advance(step, gradient) {
      const checked = readStep(step, 'LinearSoftmaxPath.advance');
      checkFloat64(gradient, parameters, 'gradient', 'LinearSoftmaxPath.advance', 'classes² + classes');
      const value = gradientAt(checked, directionAt, gradient, 'LinearSoftmaxPath.advance');
      // The scores move only once the gradient pass has succeeded (a failed call leaves the path where it was).
      const buffer = arena.kernels.memory.buffer;
      const scores = new Float64Array(buffer, scoresAt, size);
      const along = new Float64Array(buffer, directionAt, size);
      for (let index = 0; index < size; index += 1) {
        scores[index] = (scores[index] as number) + checked * (along[index] as number);
      }
      return value;
    },
  };
  loaded.unpinWith(path);
  return path;
}
