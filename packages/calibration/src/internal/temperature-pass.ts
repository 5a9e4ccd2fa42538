/**
 * One pass over host logits for temperature scaling: the mean NLL of softmax(z / T) and its first and second
 * derivatives with respect to u = log T, in float64 (`precision: 'float64'`; the fused kernel serves `'float32'`, see
 * `temperature-objective.ts`).
 *
 * With s = 1/T, d = z − max(z) and q = softmax(s·d): ℓ = log Σ exp(s·d) − s·d_y, ∂ℓ/∂s = E_q[d] − d_y,
 * ∂²ℓ/∂s² = Var_q[d] (so the NLL is convex in s), ∂ℓ/∂u = −s·∂ℓ/∂s, ∂²ℓ/∂u² = s·∂ℓ/∂s + s²·∂²ℓ/∂s².
 */
import type { HostValues } from './read-input';

/** Mean NLL at one temperature and its derivatives in s = log T (the mean of core's `TemperatureNllResult`). */
export interface TemperaturePassResult {
  /** Mean −log softmax(z/T)_y over rows. */
  value: number;
  /** d value / d log T. */
  derivative: number;
  /** d² value / d(log T)². */
  secondDerivative: number;
}

export function temperaturePass(
  values: HostValues,
  rows: number,
  classes: number,
  labels: Int32Array,
  temperature: number,
): TemperaturePassResult {
  const s = 1 / temperature;
  const weights = new Float64Array(classes);
  let nll = 0;
  let gradient = 0;
  let curvature = 0;
  for (let row = 0; row < rows; row += 1) {
    const base = row * classes;
    let top = values[base] as number;
    let best = 0;
    for (let k = 1; k < classes; k += 1) {
      if ((values[base + k] as number) > top) {
        top = values[base + k] as number;
        best = k;
      }
    }
    // The argmax contributes exp(0) = 1; the rest is summed apart so that log1p keeps tiny NLLs (large 1/T) exact.
    let rest = 0;
    let first = 0;
    for (let k = 0; k < classes; k += 1) {
      const d = (values[base + k] as number) - top;
      const w = Math.exp(s * d);
      weights[k] = w;
      if (k !== best) rest += w;
      first += w * d;
    }
    const sum = 1 + rest;
    const mean = first / sum;
    let variance = 0;
    for (let k = 0; k < classes; k += 1) {
      const centred = (values[base + k] as number) - top - mean;
      variance += (weights[k] as number) * centred * centred;
    }
    variance /= sum;
    const dLabel = (values[base + (labels[row] as number)] as number) - top;
    const slope = mean - dLabel;
    nll += Math.log1p(rest) - s * dLabel;
    gradient -= s * slope;
    curvature += s * slope + s * s * variance;
  }
  return { value: nll / rows, derivative: gradient / rows, secondDerivative: curvature / rows };
}
