/**
 * An exact change of coordinates for the fits of softmax(W x + b): with μ the rows' mean and L the Cholesky factor of
 * their covariance (plus a small ridge), W x + b = W' x' + b' for the whitened rows x' = L⁻¹(x − μ), W = W' L⁻¹ and
 * b = b' − W μ. L-BFGS minimises the same objective in (W', b'), where the features are uncorrelated, centred and of
 * unit variance: log-probabilities (Dirichlet calibration) share a large common offset −log Σ eᶻ per row and a mean
 * far from 0, which in (W, b) make the problem so ill-conditioned that L-BFGS crawls for thousands of iterations.
 * Values, gradients and the regulariser are still computed in (W, b), so every objective (ODIR included) keeps its
 * meaning; only the path to the optimum changes.
 *
 * Parameters are laid out as `linear-softmax-objective.ts` says for `'matrix'`: W row by row, then b. Each transform
 * is one K × K × K product (`multiplyTransposed`, with L⁻¹ formed once), against O(N·K²) for one evaluation of the
 * objective.
 */
import { multiplyTransposed } from '@softlabels/core/kernels';

import type { LbfgsLineObjective, LbfgsObjective } from './lbfgs';

/**
 * The ridge added to the covariance, relative to its mean diagonal entry: it keeps L well conditioned where a column
 * is constant (log-probabilities clipped at the floor) or the rows are fewer than the classes.
 */
const RIDGE = 1e-3;

/** The transforms between (W, b) and whitened (W', b'). */
export interface WhitenedCoordinates {
  /** The whitened parameters of `theta`. */
  toWhitened(theta: Float64Array): Float64Array;
  /** The parameters (W, b) of whitened `whitened`. */
  fromWhitened(whitened: Float64Array): Float64Array;
  /** `objective` as a function of the whitened parameters. */
  wrap(objective: LbfgsObjective): LbfgsObjective;
  /**
   * `objective` followed along lines of the whitened parameters: a whitened line maps to a line in (W, b) (the
   * change of coordinates is linear), with the same steps and slopes.
   */
  wrapLine(objective: LbfgsLineObjective): LbfgsLineObjective;
  /** The largest entry of the gradient in (W, b), from the gradient in whitened coordinates. */
  gradientNorm(whitenedGradient: Float64Array): number;
}

/** Rows of the centred inputs transposed per block for the covariance product (a block: 32 MB at 1 000 classes). */
const COVARIANCE_BLOCK = 4096;

/** Transposes the `rows × columns` row-major `values` into a new `columns × rows` array. */
function transpose(values: Float64Array, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < columns; c += 1) out[c * rows + r] = values[r * columns + c] as number;
  }
  return out;
}

/**
 * The lower Cholesky factor of the covariance of `inputs` (row-major, `classes` per row) plus the ridge, and μ. The
 * covariance is Σ over blocks of rows of Xcᵀ Xc (Xc the centred block), each a `multiplyTransposed` product.
 */
function moments(inputs: Float64Array, rows: number, classes: number): { mean: Float64Array; factor: Float64Array } {
  const k = classes;
  const mean = new Float64Array(k);
  for (let row = 0; row < rows; row += 1) {
    for (let j = 0; j < k; j += 1) mean[j] = (mean[j] as number) + (inputs[row * k + j] as number);
  }
  for (let j = 0; j < k; j += 1) mean[j] = (mean[j] as number) / rows;
  const covariance = new Float64Array(k * k);
  for (let first = 0; first < rows; first += COVARIANCE_BLOCK) {
    const count = Math.min(COVARIANCE_BLOCK, rows - first);
    const block = inputs.slice(first * k, (first + count) * k);
    for (let index = 0; index < block.length; index += 1) {
      block[index] = (block[index] as number) - (mean[index % k] as number);
    }
    const columns = transpose(block, count, k);
    const product = multiplyTransposed({ a: columns, rows: k, inner: count, b: columns, outer: k });
    for (let index = 0; index < product.length; index += 1) {
      covariance[index] = (covariance[index] as number) + (product[index] as number);
    }
  }
  let trace = 0;
  for (let j = 0; j < k; j += 1) trace += (covariance[j * k + j] as number) / rows;
  const ridge = trace > 0 ? (RIDGE * trace) / k : 1;
  const factor = new Float64Array(k * k);
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = (covariance[i * k + j] as number) / rows + (i === j ? ridge : 0);
      for (let p = 0; p < j; p += 1) sum -= (factor[i * k + p] as number) * (factor[j * k + p] as number);
      factor[i * k + j] = i === j ? Math.sqrt(sum) : sum / (factor[j * k + j] as number);
    }
  }
  return { mean, factor };
}

/** The inverse of the lower-triangular `factor` (`k × k`, row-major), itself lower-triangular, by forward substitution. */
function invertLower(factor: Float64Array, k: number): Float64Array {
  const inverse = new Float64Array(k * k);
  for (let column = 0; column < k; column += 1) {
    inverse[column * k + column] = 1 / (factor[column * k + column] as number);
    for (let i = column + 1; i < k; i += 1) {
      let sum = 0;
      for (let p = column; p < i; p += 1) sum -= (factor[i * k + p] as number) * (inverse[p * k + column] as number);
      inverse[i * k + column] = sum / (factor[i * k + i] as number);
    }
  }
  return inverse;
}

/**
 * The whitened coordinates of the fit of softmax(W x + b) to `inputs` (`rows` × `classes`, row-major); undefined
 * where the rows' covariance overflows float64 (entries beyond about 1e154), whose fits stay in (W, b).
 */
export function whitenedCoordinates(
  inputs: Float64Array,
  rows: number,
  classes: number,
): WhitenedCoordinates | undefined {
  const k = classes;
  const bias = k * k;
  const { mean, factor } = moments(inputs, rows, classes);
  if (!factor.every(Number.isFinite)) return undefined;

  const inverse = invertLower(factor, k);
  // Products of K × K blocks, each `multiplyTransposed` (A Bᵀ): so the right-hand factors are passed transposed.
  const factorT = transpose(factor, k, k);
  const inverseT = transpose(inverse, k, k);
  const times = (matrix: Float64Array, transposedFactor: Float64Array): Float64Array =>
    multiplyTransposed({ a: matrix.subarray(0, bias), rows: k, inner: k, b: transposedFactor, outer: k });

  /** Σ_j matrix[r·K + j] · mean[j], row r of W times μ. */
  const timesMean = (matrix: Float64Array, r: number): number => {
    let sum = 0;
    for (let j = 0; j < k; j += 1) sum += (matrix[r * k + j] as number) * (mean[j] as number);
    return sum;
  };

  const toWhitened = (theta: Float64Array): Float64Array => {
    // W' = W L, b' = b + W μ.
    const out = new Float64Array(theta.length);
    out.set(times(theta, factorT));
    for (let r = 0; r < k; r += 1) out[bias + r] = (theta[bias + r] as number) + timesMean(theta, r);
    return out;
  };

  const fromWhitenedInto = (whitened: Float64Array, out: Float64Array): Float64Array => {
    // W = W' L⁻¹, b = b' − W μ.
    out.set(times(whitened, inverseT));
    for (let r = 0; r < k; r += 1) out[bias + r] = (whitened[bias + r] as number) - timesMean(out, r);
    return out;
  };

  /** ∂f/∂W' = (∂f/∂W − ∂f/∂b μᵀ) L⁻ᵀ, ∂f/∂b' = ∂f/∂b: from `gradient` (modified) into `whitenedGradient`. */
  const whitenGradient = (gradient: Float64Array, whitenedGradient: Float64Array): void => {
    for (let r = 0; r < k; r += 1) {
      const gb = gradient[bias + r] as number;
      for (let j = 0; j < k; j += 1) gradient[r * k + j] = (gradient[r * k + j] as number) - gb * (mean[j] as number);
    }
    whitenedGradient.set(times(gradient, inverse));
    whitenedGradient.set(gradient.subarray(bias), bias);
  };

  const wrap = (objective: LbfgsObjective): LbfgsObjective => {
    const theta = new Float64Array(bias + k);
    const gradient = new Float64Array(bias + k);
    return (whitened, whitenedGradient) => {
      const value = objective(fromWhitenedInto(whitened, theta), gradient);
      whitenGradient(gradient, whitenedGradient);
      return value;
    };
  };

  const wrapLine = (objective: LbfgsLineObjective): LbfgsLineObjective => {
    const theta = new Float64Array(bias + k);
    const gradient = new Float64Array(bias + k);
    return {
      start(whitened, whitenedGradient) {
        const value = objective.start(fromWhitenedInto(whitened, theta), gradient);
        whitenGradient(gradient, whitenedGradient);
        return value;
      },
      setDirection(whitened) {
        objective.setDirection(fromWhitenedInto(whitened, theta));
      },
      probe: (step) => objective.probe(step),
      advance(step, whitenedGradient) {
        const value = objective.advance(step, gradient);
        whitenGradient(gradient, whitenedGradient);
        return value;
      },
    };
  };

  const gradientNorm = (whitenedGradient: Float64Array): number => {
    // ∂f/∂W = ∂f/∂W' Lᵀ + ∂f/∂b μᵀ, ∂f/∂b = ∂f/∂b'.
    const weights = times(whitenedGradient, factor);
    let norm = 0;
    for (let r = 0; r < k; r += 1) {
      const gb = whitenedGradient[bias + r] as number;
      norm = Math.max(norm, Math.abs(gb));
      for (let i = 0; i < k; i += 1)
        norm = Math.max(norm, Math.abs((weights[r * k + i] as number) + gb * (mean[i] as number)));
    }
    return norm;
  };

  return {
    toWhitened,
    fromWhitened: (whitened) => fromWhitenedInto(whitened, new Float64Array(whitened.length)),
    wrap,
    wrapLine,
    gradientNorm,
  };
}
