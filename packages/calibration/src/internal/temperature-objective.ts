/**
 * The objective `fitTemperature` probes: mean NLL of softmax(z / T) and its derivatives in log T, from the fused WASM
 * SIMD kernel of `@softlabels/core` (`createTemperatureNll`: the logits are copied into kernel memory once, each probe
 * is one pass) for float32 rows, or from the float64 host pass (`temperature-pass.ts`) for float64 input.
 */
import { createTemperatureNll } from '@softlabels/core/kernels';
import { passSelection, usesFusedPass } from './fused-statistics';
import type { LabelledRows } from './read-input';
import { temperaturePass, type TemperaturePassResult } from './temperature-pass';

/** The smallest Newton step in log T the fused objective resolves (its β = 1/T enters float32 lanes). */
export const FUSED_TOLERANCE = 1e-6;

/** The kernel accepts log T in [−80, 80]; wider temperature ranges stay on the float64 pass. */
const KERNEL_LOG_RANGE = 80;

/** A temperature objective and which pass computes it. */
export interface TemperatureObjective {
  fused: boolean;
  /**
   * Relative NLL differences below this are rounding noise: 1e-12 for the float64 pass, 1e-6 for the fused one (its
   * float32 lanes put ~1e-8 of noise on the mean NLL, so a probe next to the optimum can read a hair worse).
   */
  noise: number;
  /** Mean NLL and its derivatives in log T at `logTemperature` (= log `temperature`). */
  evaluate: (logTemperature: number, temperature: number) => TemperaturePassResult;
}

/** The objective over `rows`, for log temperatures within [lowerBound, upperBound]. */
export function temperatureObjective(rows: LabelledRows, lowerBound: number, upperBound: number): TemperatureObjective {
  const inRange = lowerBound >= -KERNEL_LOG_RANGE && upperBound <= KERNEL_LOG_RANGE;
  if (inRange && usesFusedPass(rows)) {
    const objective = createTemperatureNll({
      logits: rows.values as Float32Array,
      rows: rows.rows,
      classes: rows.classes,
      labels: rows.labels,
    });
    return {
      fused: true,
      noise: 1e-6,
      evaluate: (logTemperature) => {
        passSelection.fused += 1;
        // The kernel sums over rows; the fit works with means.
        const { value, derivative, secondDerivative } = objective(logTemperature);
        return { nll: value / rows.rows, gradient: derivative / rows.rows, curvature: secondDerivative / rows.rows };
      },
    };
  }
  return {
    fused: false,
    noise: 1e-12,
    evaluate: (_logTemperature, temperature) => {
      passSelection.float64 += 1;
      return temperaturePass(rows.values, rows.rows, rows.classes, rows.labels, temperature);
    },
  };
}
