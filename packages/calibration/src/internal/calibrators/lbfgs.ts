/**
 * A float64 limited-memory BFGS minimiser (Nocedal & Wright, Numerical Optimization, 2nd ed.: the two-loop recursion
 * of Alg. 7.4 with the scaling γ = sᵀy / yᵀy, Alg. 7.5) with a line search meeting the strong Wolfe conditions
 * (bracketing as Alg. 3.5, zoom as Alg. 3.6 with safeguarded cubic interpolation).
 *
 * Near the minimum the objective's value stops resolving the decrease a step makes (a mean NLL of 0.5 carries about
 * 1e-16 of rounding; a step with a gradient of 1e-8 gains about 1e-16): there the sufficient-decrease test also takes
 * a value within `valueNoise · |f|` of the start, and the curvature test on the gradient, which stays accurate,
 * decides (the approximate Wolfe conditions of Hager & Zhang, 2005). The gradient tolerance can then be met far below
 * what the values alone resolve.
 */
import { InvalidArgumentError } from '@softlabels/core';

/**
 * The function minimised: returns f(x) and writes ∇f(x) into `gradient` (same length as `x`). It must not keep or
 * modify `x`.
 */
export type LbfgsObjective = (x: Float64Array, gradient: Float64Array) => number;

/**
 * The function minimised, followed along the lines the line searches walk: for objectives whose trial steps cost less
 * than a gradient (values and slopes from quantities kept per line). The minimiser calls `start` once, then per line
 * `setDirection`, `probe` for each trial step and `advance` for the step it takes.
 */
export interface LbfgsLineObjective {
  /** f(x), with ∇f(x) written into `gradient`; x becomes the current point. It must not keep or modify `x`. */
  start(x: Float64Array, gradient: Float64Array): number;
  /** The line through the current point along `direction` (not kept: the objective copies what it needs). */
  setDirection(direction: Float64Array): void;
  /** f and its derivative in the step at the current point plus `step` times the direction. */
  probe(step: number): { value: number; slope: number };
  /**
   * Moves the current point by `step` times the direction: f there (as `probe(step)` gives it), with ∇f written into
   * `gradient`.
   */
  advance(step: number, gradient: Float64Array): number;
}

/** Settings of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Most iterations (line searches); the result reports `stop: 'iterations'` when they run out. */
  maxIterations: number;
  /** Stop once the gradient's measure (`gradientNorm`) is at most this. */
  tolerance: number;
  /**
   * The measure of the gradient compared with `tolerance` (default its ∞-norm): a fit run in other coordinates
   * measures the gradient in the coordinates its tolerance is stated in.
   */
  gradientNorm?: (gradient: Float64Array) => number;
  /** Correction pairs kept (default 10). */
  memory?: number;
  /** Relative rounding of f that the sufficient-decrease test allows (default 1e-12; see the file comment). */
  valueNoise?: number;
  /** Called after each iteration with its number (from 1), f and the gradient's measure there. */
  onIteration?: (iteration: number, value: number, measure: number) => void;
}

/**
 * Why {@link minimizeLbfgs} stopped: the gradient met the tolerance, the iterations ran out, or no step along the
 * steepest-descent direction changed x and lowered f (the line search reached machine precision).
 */
export type LbfgsStop = 'gradient' | 'iterations' | 'line-search';

/** The end point of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  /** The last accepted point. */
  x: Float64Array;
  /** f(x). */
  value: number;
  /** The gradient's measure at x (`options.gradientNorm`, by default ‖∇f(x)‖∞). */
  gradientNorm: number;
  /** Iterations that moved x. */
  iterations: number;
  /** Objective values computed (the one at the start, and one per trial step). */
  evaluations: number;
  /** Whether `stop` is `'gradient'`. */
  converged: boolean;
  stop: LbfgsStop;
}

/** Armijo constant c1 and curvature constant c2 of the strong Wolfe conditions (the usual quasi-Newton choice). */
const SUFFICIENT_DECREASE = 1e-4;
const CURVATURE = 0.9;
/** Trial steps of one line search, bracketing and zoom together. */
const MAX_TRIALS = 60;
/** The fraction of the bracket an interpolated trial keeps from either end (else the bracket is bisected). */
const SAFEGUARD = 0.1;

function maxAbs(values: Float64Array): number {
  let max = 0;
  for (let index = 0; index < values.length; index += 1) max = Math.max(max, Math.abs(values[index] as number));
  return max;
}

function dot(a: Float64Array, b: Float64Array, offset: number, n: number): number {
  let sum = 0;
  for (let index = 0; index < n; index += 1) sum += (a[offset + index] as number) * (b[index] as number);
  return sum;
}

/**
 * The minimiser of the cubic through (a, fa, ga) and (b, fb, gb), or of the quadratic through the two slopes where
 * the values differ by rounding only; NaN where neither has one.
 */
function interpolate(a: number, fa: number, ga: number, b: number, fb: number, gb: number, noise: number): number {
  if (Math.abs(fa - fb) <= noise || !Number.isFinite(fa - fb)) {
    return gb === ga ? Number.NaN : a - (ga * (b - a)) / (gb - ga);
  }
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const square = d1 * d1 - ga * gb;
  if (!(square >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(square);
  return b - ((b - a) * (gb + d2 - d1)) / (gb - ga + 2 * d2);
}

/** `objective` followed along lines: each trial step one evaluation, kept for the step taken. */
function alongLines(objective: LbfgsObjective, n: number): LbfgsLineObjective {
  const x = new Float64Array(n);
  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  let probed = Number.NaN;
  let probedValue = Number.NaN;
  const probe = (step: number): { value: number; slope: number } => {
    for (let index = 0; index < n; index += 1) {
      trial[index] = (x[index] as number) + step * (direction[index] as number);
    }
    probedValue = objective(trial, trialGradient);
    probed = step;
    return { value: probedValue, slope: dot(trialGradient, direction, 0, n) };
  };
  return {
    start(point, gradient) {
      x.set(point);
      probed = Number.NaN;
      return objective(x, gradient);
    },
    setDirection(values) {
      direction.set(values);
      probed = Number.NaN;
    },
    probe,
    advance(step, gradient) {
      if (step !== probed) probe(step);
      x.set(trial);
      gradient.set(trialGradient);
      probed = Number.NaN;
      return probedValue;
    },
  };
}

/**
 * Minimises `objective` from `start` (not modified): a function of x, or one followed along lines
 * ({@link LbfgsLineObjective}). Evaluations write into buffers allocated once per call.
 *
 * @throws InvalidArgumentError naming `start` when f or ∇f is not finite there.
 */
export function minimizeLbfgs(
  objective: LbfgsObjective | LbfgsLineObjective,
  start: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const n = start.length;
  const line = typeof objective === 'function' ? alongLines(objective, n) : objective;
  const memory = options.memory ?? 10;
  const valueNoise = options.valueNoise ?? 1e-12;
  const measure = options.gradientNorm ?? maxAbs;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let trialX = new Float64Array(n);
  let trialGradient = new Float64Array(n);
  const direction = new Float64Array(n);
  const steps = new Float64Array(memory * n);
  const changes = new Float64Array(memory * n);
  const inverseCurvatures = new Float64Array(memory);
  const coefficients = new Float64Array(memory);
  let stored = 0;
  let newest = -1;

  let value = line.start(x, gradient);
  let evaluations = 1;
  let gradientNorm = maxAbs(gradient);
  if (!Number.isFinite(value) || !Number.isFinite(gradientNorm)) {
    throw new InvalidArgumentError({
      functionName: 'minimizeLbfgs',
      parameter: 'start',
      value: start,
      expected: 'be a point where the objective and its gradient are finite',
      got: `f = ${value}, ‖∇f‖∞ = ${gradientNorm}`,
    });
  }

  /** f and the slope along `direction` at x + α·direction. */
  let trialValue = value;
  let trialSlope = 0;
  let trialStep = Number.NaN;
  const probe = (step: number): void => {
    const point = line.probe(step);
    evaluations += 1;
    trialStep = step;
    trialValue = point.value;
    trialSlope = point.slope;
  };

  /** Sets `direction` to −H·∇f by the two-loop recursion (−∇f with no pairs stored). */
  const searchDirection = (): void => {
    for (let index = 0; index < n; index += 1) direction[index] = -(gradient[index] as number);
    let slot = newest;
    for (let count = 0; count < stored; count += 1) {
      const coefficient = (inverseCurvatures[slot] as number) * dot(steps, direction, slot * n, n);
      coefficients[slot] = coefficient;
      for (let index = 0; index < n; index += 1) {
        direction[index] = (direction[index] as number) - coefficient * (changes[slot * n + index] as number);
      }
      slot = (slot - 1 + memory) % memory;
    }
    if (stored > 0) {
      let yy = 0;
      for (let index = 0; index < n; index += 1) yy += (changes[newest * n + index] as number) ** 2;
      const scale = 1 / ((inverseCurvatures[newest] as number) * yy);
      for (let index = 0; index < n; index += 1) direction[index] = (direction[index] as number) * scale;
    }
    for (let count = 0; count < stored; count += 1) {
      slot = (slot + 1) % memory;
      const beta = (inverseCurvatures[slot] as number) * dot(changes, direction, slot * n, n);
      const weight = (coefficients[slot] as number) - beta;
      for (let index = 0; index < n; index += 1) {
        direction[index] = (direction[index] as number) + weight * (steps[slot * n + index] as number);
      }
    }
  };

  /**
   * A step meeting the strong Wolfe conditions (or, when the trials run out or the bracket shrinks below what x
   * resolves, the lowest point found if it lies below f(x)); 0 when there is none.
   */
  const lineSearch = (initialStep: number, slope0: number): number => {
    const value0 = value;
    const noise = valueNoise * Math.abs(value0);
    const directionNorm = maxAbs(direction);
    const xNorm = maxAbs(x);
    const curvatureBound = -CURVATURE * slope0;
    const decreases = (step: number, f: number): boolean =>
      f <= value0 + SUFFICIENT_DECREASE * step * slope0 || f <= value0 + noise;
    let low = 0;
    let lowValue = value0;
    let lowSlope = slope0;
    let high = Number.NaN;
    let highValue = Number.NaN;
    let highSlope = Number.NaN;
    let step = initialStep;
    for (let trial = 0; trial < MAX_TRIALS; trial += 1) {
      probe(step);
      const finite = Number.isFinite(trialValue) && Number.isFinite(trialSlope);
      if (!finite || !decreases(step, trialValue) || trialValue > lowValue + noise) {
        high = step;
        highValue = finite ? trialValue : Number.POSITIVE_INFINITY;
        highSlope = finite ? trialSlope : Number.NaN;
      } else {
        if (Math.abs(trialSlope) <= curvatureBound) return step;
        if (Number.isNaN(high) && trialSlope < 0) {
          // Still descending past every step tried: extrapolate, at least doubling the distance from the last one.
          const lower = step + (step - low);
          const upper = 10 * step;
          const guess = interpolate(low, lowValue, lowSlope, step, trialValue, trialSlope, noise);
          low = step;
          lowValue = trialValue;
          lowSlope = trialSlope;
          step = guess >= lower && guess <= upper ? guess : upper;
          continue;
        }
        if (!Number.isNaN(high) ? trialSlope * (high - low) >= 0 : true) {
          high = low;
          highValue = lowValue;
          highSlope = lowSlope;
        }
        low = step;
        lowValue = trialValue;
        lowSlope = trialSlope;
      }
      const width = Math.abs(high - low);
      if (width * directionNorm <= Number.EPSILON * xNorm || width === 0) break;
      const left = Math.min(low, high);
      const right = Math.max(low, high);
      const guess = Number.isFinite(highValue)
        ? interpolate(low, lowValue, lowSlope, high, highValue, highSlope, noise)
        : Number.NaN;
      step = guess >= left + SAFEGUARD * width && guess <= right - SAFEGUARD * width ? guess : left + width / 2;
    }
    if (low === 0 || !(lowValue < value0)) return 0;
    return low;
  };

  let iterations = 0;
  let measured = measure(gradient);
  let stop: LbfgsStop = measured <= options.tolerance ? 'gradient' : 'iterations';
  while (stop === 'iterations' && iterations < options.maxIterations) {
    searchDirection();
    let slope = dot(gradient, direction, 0, n);
    if (!(slope < 0)) {
      stored = 0;
      searchDirection();
      slope = dot(gradient, direction, 0, n);
    }
    line.setDirection(direction);
    let step = lineSearch(stored > 0 ? 1 : Math.min(1, 1 / gradientNorm), slope);
    if (step === 0 && stored > 0) {
      // The quasi-Newton direction led nowhere: forget the pairs and search along −∇f.
      stored = 0;
      searchDirection();
      line.setDirection(direction);
      step = lineSearch(Math.min(1, 1 / gradientNorm), dot(gradient, direction, 0, n));
    }
    if (step === 0) {
      stop = 'line-search';
      break;
    }
    for (let index = 0; index < n; index += 1) {
      trialX[index] = (x[index] as number) + step * (direction[index] as number);
    }
    // A step other than the last one tried (the lowest of a search that ran out) is evaluated once more.
    if (step !== trialStep) evaluations += 1;
    trialValue = line.advance(step, trialGradient);
    let sy = 0;
    let ss = 0;
    let yy = 0;
    for (let index = 0; index < n; index += 1) {
      const s = (trialX[index] as number) - (x[index] as number);
      const y = (trialGradient[index] as number) - (gradient[index] as number);
      sy += s * y;
      ss += s * s;
      yy += y * y;
    }
    // A pair without positive curvature along the step would break the update: it is left out.
    if (sy > Number.EPSILON * Math.sqrt(ss * yy)) {
      newest = (newest + 1) % memory;
      for (let index = 0; index < n; index += 1) {
        steps[newest * n + index] = (trialX[index] as number) - (x[index] as number);
        changes[newest * n + index] = (trialGradient[index] as number) - (gradient[index] as number);
      }
      inverseCurvatures[newest] = 1 / sy;
      stored = Math.min(stored + 1, memory);
    }
    [x, trialX] = [trialX, x];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = trialValue;
    gradientNorm = maxAbs(gradient);
    measured = measure(gradient);
    iterations += 1;
    options.onIteration?.(iterations, value, measured);
    if (measured <= options.tolerance) stop = 'gradient';
  }
  return { x, value, gradientNorm: measured, iterations, evaluations, converged: stop === 'gradient', stop };
}
