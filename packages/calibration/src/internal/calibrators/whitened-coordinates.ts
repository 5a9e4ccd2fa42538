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
 * costs O(K³), against O(N·K²) for one evaluation of the objective.
 */
import type { LbfgsObjective } from './lbfgs';

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
  /** The largest entry of the gradient in (W, b), from the gradient in whitened coordinates. */
  gradientNorm(whitenedGradient: Float64Array): number;
}

/** The lower Cholesky factor of the covariance of `inputs` (row-major, `classes` per row) plus the ridge, and μ. */
function moments(inputs: Float64Array, rows: number, classes: number): { mean: Float64Array; factor: Float64Array } {
  const k = classes;
  const mean = new Float64Array(k);
  for (let row = 0; row < rows; row += 1) {
    for (let j = 0; j < k; j += 1) mean[j] = (mean[j] as number) + (inputs[row * k + j] as number);
  }
  for (let j = 0; j < k; j += 1) mean[j] = (mean[j] as number) / rows;
  const covariance = new Float64Array(k * k);
  const centred = new Float64Array(k);
  for (let row = 0; row < rows; row += 1) {
    for (let j = 0; j < k; j += 1) centred[j] = (inputs[row * k + j] as number) - (mean[j] as number);
    for (let i = 0; i < k; i += 1) {
      const ci = centred[i] as number;
      for (let j = 0; j <= i; j += 1)
        covariance[i * k + j] = (covariance[i * k + j] as number) + ci * (centred[j] as number);
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

  /** out[r] = Σ_j theta[r·K + j] · mean[j], the rows of W times μ. */
  const timesMean = (theta: Float64Array, r: number): number => {
    let sum = 0;
    for (let j = 0; j < k; j += 1) sum += (theta[r * k + j] as number) * (mean[j] as number);
    return sum;
  };

  const toWhitened = (theta: Float64Array): Float64Array => {
    // W' = W L (row r: w'_r = w_r L), b' = b + W μ.
    const out = new Float64Array(theta.length);
    for (let r = 0; r < k; r += 1) {
      for (let j = 0; j < k; j += 1) {
        let sum = 0;
        for (let i = j; i < k; i += 1) sum += (theta[r * k + i] as number) * (factor[i * k + j] as number);
        out[r * k + j] = sum;
      }
      out[bias + r] = (theta[bias + r] as number) + timesMean(theta, r);
    }
    return out;
  };

  const fromWhitenedInto = (whitened: Float64Array, out: Float64Array): Float64Array => {
    // W = W' L⁻¹: row r solves w_r L = w'_r, i.e. Lᵀ w_rᵀ = w'_rᵀ, by back substitution; b = b' − W μ.
    for (let r = 0; r < k; r += 1) {
      for (let j = k - 1; j >= 0; j -= 1) {
        let sum = whitened[r * k + j] as number;
        for (let i = j + 1; i < k; i += 1) sum -= (out[r * k + i] as number) * (factor[i * k + j] as number);
        out[r * k + j] = sum / (factor[j * k + j] as number);
      }
      out[bias + r] = (whitened[bias + r] as number) - timesMean(out, r);
    }
    return out;
  };

  const wrap = (objective: LbfgsObjective): LbfgsObjective => {
    const theta = new Float64Array(bias + k);
    const gradient = new Float64Array(bias + k);
    return (whitened, whitenedGradient) => {
      const value = objective(fromWhitenedInto(whitened, theta), gradient);
      // ∂f/∂W' = (∂f/∂W − ∂f/∂b μᵀ) L⁻ᵀ (row r: solve L y = g_r − ∂f/∂b_r μ), ∂f/∂b' = ∂f/∂b.
      for (let r = 0; r < k; r += 1) {
        const gb = gradient[bias + r] as number;
        for (let j = 0; j < k; j += 1) {
          let sum = (gradient[r * k + j] as number) - gb * (mean[j] as number);
          for (let i = 0; i < j; i += 1) sum -= (factor[j * k + i] as number) * (whitenedGradient[r * k + i] as number);
          whitenedGradient[r * k + j] = sum / (factor[j * k + j] as number);
        }
        whitenedGradient[bias + r] = gb;
      }
      return value;
    };
  };

  const gradientNorm = (whitenedGradient: Float64Array): number => {
    // ∂f/∂W = ∂f/∂W' Lᵀ + ∂f/∂b μᵀ (entry (r, i): Σ_{j≤i} g'_rj L_ij + g_b,r μ_i), ∂f/∂b = ∂f/∂b'.
    let norm = 0;
    for (let r = 0; r < k; r += 1) {
      const gb = whitenedGradient[bias + r] as number;
      norm = Math.max(norm, Math.abs(gb));
      for (let i = 0; i < k; i += 1) {
        let sum = gb * (mean[i] as number);
        for (let j = 0; j <= i; j += 1) sum += (whitenedGradient[r * k + j] as number) * (factor[i * k + j] as number);
        norm = Math.max(norm, Math.abs(sum));
      }
    }
    return norm;
  };

  return {
    toWhitened,
    fromWhitened: (whitened) => fromWhitenedInto(whitened, new Float64Array(whitened.length)),
    wrap,
    gradientNorm,
  };
}
