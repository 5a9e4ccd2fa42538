/**
 * Damped Newton steps on a dense Hessian, which finish fits of few parameters where L-BFGS crawls: near-separable
 * rows put the optimum far out along directions of tiny curvature (1e-9 of the largest), which L-BFGS's memory of
 * ten pairs cannot resolve in any practical number of iterations, while Newton's method converges there in a few
 * steps. Each step solves (H + δI) p = −∇f by Cholesky (δ from 1e-14 of H's largest diagonal entry up, until the
 * factorisation succeeds: the softmax's shift invariance leaves H singular) and halves p until f decreases
 * sufficiently, or, once f no longer resolves the decrease, until the gradient shrinks with f within `valueNoise`.
 */
import type { LbfgsObjective } from './lbfgs';

/** Writes the Hessian at x, dense row-major n × n, into `out`. */
export type HessianOf = (x: Float64Array, out: Float64Array) => void;

/** The end point of {@link polishNewton}. */
export interface NewtonResult {
  x: Float64Array;
  value: number;
  gradientNorm: number;
  /** Newton steps taken. */
  iterations: number;
  /** Whether ‖∇f‖∞ ≤ tolerance at x. */
  converged: boolean;
}

const SUFFICIENT_DECREASE = 1e-4;
const HALVINGS = 40;

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let index = 0; index < values.length; index += 1) max = Math.max(max, Math.abs(values[index] as number));
  return max;
}

/** Factors `matrix` + δI into its lower Cholesky factor `factor`; false when a pivot is not positive. */
function cholesky(matrix: Float64Array, damping: number, n: number, factor: Float64Array): boolean {
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = (matrix[i * n + j] as number) + (i === j ? damping : 0);
      for (let k = 0; k < j; k += 1) sum -= (factor[i * n + k] as number) * (factor[j * n + k] as number);
      if (i === j) {
        if (!(sum > 0)) return false;
        factor[i * n + i] = Math.sqrt(sum);
      } else {
        factor[i * n + j] = sum / (factor[j * n + j] as number);
      }
    }
  }
  return true;
}

/** Solves L Lᵀ p = −g into `step`. */
function solve(factor: Float64Array, gradient: Float64Array, n: number, step: Float64Array): void {
  for (let i = 0; i < n; i += 1) {
    let sum = -(gradient[i] as number);
    for (let k = 0; k < i; k += 1) sum -= (factor[i * n + k] as number) * (step[k] as number);
    step[i] = sum / (factor[i * n + i] as number);
  }
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = step[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (factor[k * n + i] as number) * (step[k] as number);
    step[i] = sum / (factor[i * n + i] as number);
  }
}

/** Newton steps from `start` (not modified) until ‖∇f‖∞ ≤ `tolerance`, `maxIterations` steps, or no step helps. */
export function polishNewton(
  objective: LbfgsObjective,
  hessianOf: HessianOf,
  start: Float64Array,
  options: {
    maxIterations: number;
    tolerance: number;
    valueNoise?: number;
    /** Called after each step with its number (from 1), f and ‖∇f‖∞ there. */
    onIteration?: (iteration: number, value: number, gradientNorm: number) => void;
  },
): NewtonResult {
  const n = start.length;
  const valueNoise = options.valueNoise ?? 1e-12;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let trial = new Float64Array(n);
  let trialGradient = new Float64Array(n);
  const hessian = new Float64Array(n * n);
  const factor = new Float64Array(n * n);
  const step = new Float64Array(n);
  let value = objective(x, gradient);
  let gradientNorm = maxAbs(gradient);
  let iterations = 0;
  while (gradientNorm > options.tolerance && iterations < options.maxIterations) {
    hessianOf(x, hessian);
    let largest = 0;
    for (let i = 0; i < n; i += 1) largest = Math.max(largest, hessian[i * n + i] as number);
    let damping = 1e-14 * largest || Number.MIN_VALUE;
    while (!cholesky(hessian, damping, n, factor)) damping *= 100;
    solve(factor, gradient, n, step);
    let slope = 0;
    for (let i = 0; i < n; i += 1) slope += (gradient[i] as number) * (step[i] as number);
    let scale = 1;
    let accepted = false;
    for (let halving = 0; halving < HALVINGS && !accepted; halving += 1, scale /= 2) {
      for (let i = 0; i < n; i += 1) trial[i] = (x[i] as number) + scale * (step[i] as number);
      const trialValue = objective(trial, trialGradient);
      if (!Number.isFinite(trialValue)) continue;
      accepted =
        trialValue <= value + SUFFICIENT_DECREASE * scale * slope ||
        (trialValue <= value + valueNoise * Math.abs(value) && maxAbs(trialGradient) < gradientNorm);
      if (accepted) value = trialValue;
    }
    if (!accepted) break;
    [x, trial] = [trial, x];
    [gradient, trialGradient] = [trialGradient, gradient];
    gradientNorm = maxAbs(gradient);
    iterations += 1;
    options.onIteration?.(iterations, value, gradientNorm);
  }
  return { x, value, gradientNorm, iterations, converged: gradientNorm <= options.tolerance };
}
