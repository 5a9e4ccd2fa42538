import type { TensorInput } from '@softlabels/core';
import type { FitTemperatureOptions } from './fit-temperature-options';
import { prepareFitTemperatureOptions } from './internal/prepare-calibration-options';
import { readLogitsArgument } from './internal/read-logits-argument';
import { readLabelledOfKind, warnIfProbabilities } from './internal/read-input';
import { FUSED_TOLERANCE, temperatureObjective, usesFusedObjective } from './internal/temperature-objective';
import type { TemperaturePassResult } from './internal/temperature-pass';
import type { LabelsInput } from './types';

/** Result of {@link fitTemperature}. */
export interface TemperatureFit {
  /** The fitted temperature T > 0; calibrated logits are `z / T`. */
  temperature: number;
  /** Mean NLL of the labels at T = 1. */
  nllBefore: number;
  /** Mean NLL at the fitted T (never above `nllBefore` when 1 lies inside the allowed range). */
  nllAfter: number;
  /** Passes over the logits, the one at T = 1 included. */
  iterations: number;
  /**
   * True when a Newton step in log T fell below `options.tolerance` (or the gradient vanished). False when the optimum
   * lies on or beyond `minTemperature` / `maxTemperature` (separable data drive T towards 0) or `maxIterations` ran out.
   */
  converged: boolean;
}

interface Probe extends TemperaturePassResult {
  logTemperature: number;
  temperature: number;
}

/**
 * Temperature scaling (Guo et al. 2017): the T > 0 that minimises the NLL of softmax(z / T) on held-out logits.
 * Safeguarded Newton on u = log T: each pass over the logits gives the NLL and its first two derivatives in u; steps
 * that leave the bracket [minTemperature, maxTemperature] narrowed by the gradient's sign fall back to the bound or to
 * bisection, and Newton steps that shrink only linearly (separable data) try the bound. The NLL is convex in 1/T,
 * hence unimodal in log T, so the bracket always holds the optimum. Usually 4–8 passes. T never changes the argmax.
 * `precision` (default `'float64'`, see `CalibrationPrecision`): `'float64'` passes over the logits in float64 on
 * the host; `'float32'` on the `wasm` and `cpu` backends by the fused WASM SIMD kernel of `@softlabels/core/kernels`
 * (the logits copied into kernel memory once), which resolves log T to ~1e-7, so there `tolerance` is at least 1e-6.
 * The example's second fit takes that path.
 *
 * `logits` are the scores before softmax, bare (a tensor, a nested number array, a typed array; flat ones read as
 * one row per label) or as the metrics' `{ logits }`; `{ probabilities }` is refused, since temperature scaling divides
 * logits (with only probabilities at hand, their logarithm serves as logits). Logits that look like probabilities
 * raise the `probabilities-as-logits` warning of `@softlabels/core`. `options.ignoreIndex` leaves out the rows with
 * that label (see `LabelOptions`).
 *
 * @example
 * ```ts
 * import { initBackend } from '@softlabels/core';
 * import { applyTemperature, fitTemperature } from '@softlabels/calibration';
 *
 * const logits = [[4, 0, 0], [0, 4, 0], [0, 0, 4], [4, 0, 0], [0, 4, 0], [0, 0, 4]];
 * const labels = [0, 1, 2, 1, 1, 0];
 * const fit = fitTemperature({ logits }, labels);
 * console.log(fit.temperature, fit.nllAfter < fit.nllBefore, fit.converged); // 2.885… true true
 * console.log(applyTemperature(logits, fit.temperature)[0]); // [1.386…, 0, 0]
 * await initBackend({ backend: 'wasm' });
 * const fast = fitTemperature(new Float32Array(logits.flat()), labels, { precision: 'float32' });
 * console.log(Math.abs(fast.temperature / fit.temperature - 1) < 1e-5); // true
 * ```
 */
export function fitTemperature(
  logits: TensorInput | { logits: TensorInput },
  labels: LabelsInput,
  options: FitTemperatureOptions = {},
): TemperatureFit {
  const prepared = prepareFitTemperatureOptions(options);
  const lowerBound = Math.log(prepared.minTemperature);
  const upperBound = Math.log(prepared.maxTemperature);
  const fusedObjective = usesFusedObjective(prepared.precision, lowerBound, upperBound);
  const { value, parameter } = readLogitsArgument(logits, 'fitTemperature');
  const rows = readLabelledOfKind(
    'logits',
    value,
    parameter,
    labels,
    'fitTemperature',
    0,
    fusedObjective,
    prepared.ignoreIndex,
  );
  const pass = temperatureObjective(rows, lowerBound, upperBound, prepared.precision);
  // The fused objective resolves log T to about 1e-7 (float32 lanes): finer Newton steps are noise.
  const tolerance = pass.fused ? Math.max(prepared.tolerance, FUSED_TOLERANCE) : prepared.tolerance;
  let iterations = 0;
  const probe = (logTemperature: number, temperature = Math.exp(logTemperature)): Probe => {
    iterations += 1;
    return { ...pass.evaluate(logTemperature, temperature), logTemperature, temperature };
  };
  // The bracket [low, high] holds the optimum: the NLL rises beyond every probe whose derivative points back inside.
  let low = lowerBound;
  let high = upperBound;
  let lowIsBound = true;
  let highIsBound = true;
  const record = (result: Probe): Probe => {
    if (result.derivative > 0 && result.logTemperature < high) {
      high = result.logTemperature;
      highIsBound = false;
    } else if (result.derivative < 0 && result.logTemperature > low) {
      low = result.logTemperature;
      lowIsBound = false;
    }
    return result;
  };
  let best = record(probe(Math.log(prepared.initialTemperature), prepared.initialTemperature));
  let nllBefore = best.value;
  if (prepared.initialTemperature !== 1) {
    // T = 1 is probed for nllBefore anyway; inside the range it is also a candidate (and brackets the optimum), so
    // that a fit cut short by maxIterations never ends above nllBefore.
    const one = probe(0, 1);
    nllBefore = one.value;
    if (prepared.minTemperature <= 1 && prepared.maxTemperature >= 1) {
      record(one);
      if (one.value < best.value) best = one;
    }
  }
  let current = best;
  let converged = false;
  let lastNewton = 0;
  while (iterations < prepared.maxIterations) {
    const { derivative, secondDerivative, logTemperature: u } = current;
    if (derivative === 0) {
      // A flat NLL: an optimum inside the range, or an underflowed derivative on a bound (separable data).
      converged = u > lowerBound && u < upperBound;
      break;
    }
    if ((derivative > 0 && u <= lowerBound) || (derivative < 0 && u >= upperBound)) break;
    const newton = secondDerivative > 0 ? -derivative / secondDerivative : -Math.sign(derivative);
    let next = u + newton;
    // A step within the tolerance, or one too small to move u at all (below half an ulp of u), is convergence. This
    // comes before the safeguard: there next = u is an end of the bracket, and the safeguard would bisect all of it.
    if (Math.abs(newton) <= tolerance || next === u) {
      converged = true;
      break;
    }
    // Newton steps that shrink only linearly towards an unprobed bound (separable data): probe the bound itself.
    const slow =
      lastNewton !== 0 && Math.sign(newton) === Math.sign(lastNewton) && Math.abs(newton) > 0.5 * Math.abs(lastNewton);
    lastNewton = newton;
    if (slow && newton < 0 && lowIsBound) next = lowerBound;
    else if (slow && newton > 0 && highIsBound) next = upperBound;
    if (!(next >= low && next <= high) || (next === low && !lowIsBound) || (next === high && !highIsBound)) {
      if (next <= low && lowIsBound) next = lowerBound;
      else if (next >= high && highIsBound) next = upperBound;
      else next = (low + high) / 2;
    }
    if (Math.abs(next - u) <= tolerance) {
      converged = true;
      break;
    }
    const temperature =
      next === lowerBound ? prepared.minTemperature : next === upperBound ? prepared.maxTemperature : Math.exp(next);
    const result = record(probe(next, temperature));
    if (next === lowerBound) lowIsBound = false;
    if (next === upperBound) highIsBound = false;
    // Steps start from the newest probe unless it is worse than the best beyond summation noise (an overshoot, or a
    // bound that turned out not to be the optimum): near the optimum NLL differences are rounding noise.
    if (result.value <= best.value + pass.noise * Math.max(1, Math.abs(best.value))) current = result;
    if (result.value < best.value) best = result;
  }
  // The fused objective's NLL carries ~1e-8 of noise, which hides a log-T error of ~1e-4 near the optimum, while its
  // derivative pins the optimum to ~1e-7: once converged, the point the last Newton step came from is the answer
  // (its NLL is the best one within the noise).
  const within = current.value <= best.value + pass.noise * Math.max(1, Math.abs(best.value));
  const chosen = pass.fused && converged && within ? current : best;
  warnIfProbabilities(rows);
  return {
    temperature: chosen.temperature,
    nllBefore,
    nllAfter: chosen.value,
    iterations,
    converged,
  };
}
