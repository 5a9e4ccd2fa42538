/**
 * Unregularised logistic regression with a handful of coefficients, fitted by a safeguarded Newton method with the
 * exact Hessian, in float64: what Platt scaling (one feature) and beta calibration (up to two) fit per column.
 *
 * The objective is the mean cross-entropy `mean(softplus(s) − t·s)` of targets t ∈ [0, 1] under s = w·x + c. Each
 * iteration solves `(H + λI) d = −g` by Cholesky (λ = 0 unless H is not safely positive definite: a constant feature,
 * or data the fit separates), then halves the step until f decreases by the Armijo condition, or stays within its
 * rounding (`VALUE_NOISE`) while the gradient shrinks, which is how a Newton step near the optimum shows its progress.
 * It stops once the gradient's ∞-norm is at most the tolerance (converged), when no step helps, or after the iteration
 * budget.
 */

/** A finished fit. */
export interface LogisticFit {
  /** The weight of each feature, then the intercept. */
  coefficients: Float64Array;
  /** Newton steps taken. */
  iterations: number;
  /** Whether the gradient's ∞-norm reached the tolerance. */
  converged: boolean;
}

interface Evaluation {
  coefficients: Float64Array;
  value: number;
  gradient: Float64Array;
  hessian: Float64Array;
}

/** log(1 + eˢ) without overflow. */
function softplus(s: number): number {
  return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
}

/** The objective, its gradient and Hessian (row-major) at `coefficients`, in one pass over the rows. */
function evaluate(features: readonly Float64Array[], targets: Float64Array, coefficients: Float64Array): Evaluation {
  const d = features.length;
  const m = d + 1;
  const rows = targets.length;
  const x = new Float64Array(m);
  x[d] = 1;
  let value = 0;
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  for (let row = 0; row < rows; row += 1) {
    let s = coefficients[d] as number;
    for (let j = 0; j < d; j += 1) {
      x[j] = (features[j] as Float64Array)[row] as number;
      s += (coefficients[j] as number) * (x[j] as number);
    }
    const t = targets[row] as number;
    const e = Math.exp(-Math.abs(s));
    const sigmoid = s >= 0 ? 1 / (1 + e) : e / (1 + e);
    const curvature = e / ((1 + e) * (1 + e));
    value += softplus(s) - t * s;
    const residual = sigmoid - t;
    for (let j = 0; j < m; j += 1) {
      gradient[j] = (gradient[j] as number) + residual * (x[j] as number);
      for (let l = 0; l <= j; l += 1) {
        hessian[j * m + l] = (hessian[j * m + l] as number) + curvature * (x[j] as number) * (x[l] as number);
      }
    }
  }
  for (let j = 0; j < m; j += 1) {
    gradient[j] = (gradient[j] as number) / rows;
    for (let l = 0; l <= j; l += 1) {
      const entry = (hessian[j * m + l] as number) / rows;
      hessian[j * m + l] = entry;
      hessian[l * m + j] = entry;
    }
  }
  return { coefficients, value: value / rows, gradient, hessian };
}

function largest(values: Float64Array): number {
  let out = 0;
  for (const value of values) out = Math.max(out, Math.abs(value));
  return out;
}

/**
 * Solves `(hessian + λI) d = −gradient` by Cholesky, λ = 0 when every pivot exceeds 1e-12 of the largest diagonal
 * entry, else the least of 1e-10, 1e-8, … (times that entry) for which they all do.
 */
function newtonStep(hessian: Float64Array, gradient: Float64Array): Float64Array {
  const m = gradient.length;
  let scale = 0;
  for (let j = 0; j < m; j += 1) scale = Math.max(scale, hessian[j * m + j] as number);
  scale = scale > 0 ? scale : 1;
  const factor = new Float64Array(m * m);
  for (let damping = 0; ; damping = damping === 0 ? 1e-10 * scale : damping * 100) {
    let ok = true;
    for (let j = 0; j < m && ok; j += 1) {
      for (let l = 0; l <= j; l += 1) {
        let sum = (hessian[j * m + l] as number) + (j === l ? damping : 0);
        for (let p = 0; p < l; p += 1) sum -= (factor[j * m + p] as number) * (factor[l * m + p] as number);
        if (j === l) {
          if (!(sum > 1e-12 * scale)) {
            ok = false;
            break;
          }
          factor[j * m + j] = Math.sqrt(sum);
        } else {
          factor[j * m + l] = sum / (factor[l * m + l] as number);
        }
      }
    }
    if (!ok) continue;
    const step = new Float64Array(m);
    for (let j = 0; j < m; j += 1) {
      let sum = -(gradient[j] as number);
      for (let p = 0; p < j; p += 1) sum -= (factor[j * m + p] as number) * (step[p] as number);
      step[j] = sum / (factor[j * m + j] as number);
    }
    for (let j = m - 1; j >= 0; j -= 1) {
      let sum = step[j] as number;
      for (let p = j + 1; p < m; p += 1) sum -= (factor[p * m + j] as number) * (step[p] as number);
      step[j] = sum / (factor[j * m + j] as number);
    }
    return step;
  }
}

/** Step halvings tried before giving up on the Armijo condition. */
const MAX_HALVINGS = 60;

/**
 * The relative rounding of the mean objective that a step may stay within and still count, when it shrinks the
 * gradient: a sum over tens of thousands of rows carries rounding of about 1e-14 of its value, far below this bound
 * and far above what a step at a gradient of 1e-9 gains.
 */
const VALUE_NOISE = 1e-12;

/**
 * Fits the weights of `features` (columns of equal length) and an intercept to `targets`, starting from `start`
 * (weights, then intercept), until the gradient's ∞-norm is at most `tolerance` or `maxIterations` steps are taken.
 */
export function fitLogistic(
  features: readonly Float64Array[],
  targets: Float64Array,
  start: Float64Array,
  tolerance: number,
  maxIterations: number,
): LogisticFit {
  let current = evaluate(features, targets, Float64Array.from(start));
  for (let iterations = 0; ; iterations += 1) {
    const norm = largest(current.gradient);
    if (norm <= tolerance || iterations === maxIterations) {
      return { coefficients: current.coefficients, iterations, converged: norm <= tolerance };
    }
    const step = newtonStep(current.hessian, current.gradient);
    let slope = 0;
    for (let j = 0; j < step.length; j += 1) slope += (step[j] as number) * (current.gradient[j] as number);
    const at = (size: number): Evaluation =>
      evaluate(
        features,
        targets,
        Float64Array.from(current.coefficients, (value, j) => value + size * (step[j] as number)),
      );
    // Near the optimum the decrease a step makes falls below the rounding of the mean over the rows: a step whose
    // value is within that rounding counts when it shrinks the gradient (as a Newton step there does).
    const noise = VALUE_NOISE * Math.abs(current.value);
    let next: Evaluation | undefined;
    for (let halving = 0, size = 1; halving <= MAX_HALVINGS; halving += 1, size /= 2) {
      const trial = at(size);
      // Strictly below: at tiny steps the Armijo bound rounds to f itself.
      const armijo = trial.value < current.value && trial.value <= current.value + 1e-4 * size * slope;
      if (armijo || (trial.value <= current.value + noise && largest(trial.gradient) < norm)) {
        next = trial;
        break;
      }
    }
    if (next === undefined) return { coefficients: current.coefficients, iterations, converged: false };
    current = next;
  }
}
