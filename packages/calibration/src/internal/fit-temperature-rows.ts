/** The search of `fitTemperature` over rows already read and validated. */
import type { TemperatureFit } from '../temperature-fit';
import type { CalibrationPrecision } from '../types';
import type { LabelledRows } from './read-input';
import { FUSED_TOLERANCE, temperatureObjective } from './temperature-objective';
import type { TemperaturePassResult } from './temperature-pass';

/** The settings of the search: `fitTemperature`'s options with their defaults filled in. */
export interface TemperatureSearch {
  initialTemperature: number;
  minTemperature: number;
  maxTemperature: number;
  maxIterations: number;
  tolerance: number;
  precision: CalibrationPrecision;
}

interface Probe extends TemperaturePassResult {
  logTemperature: number;
  temperature: number;
}

/**
 * The safeguarded Newton search in log T that `fitTemperature` documents, over `rows` (read with the fused kernel's
 * finite check left out exactly when `usesFusedObjective` holds for these settings).
 */
export function fitTemperatureRows(rows: LabelledRows, prepared: TemperatureSearch): TemperatureFit {
  const lowerBound = Math.log(prepared.minTemperature);
  const upperBound = Math.log(prepared.maxTemperature);
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
  return {
    temperature: chosen.temperature,
    nllBefore,
    nllAfter: chosen.value,
    iterations,
    converged,
  };
}
