/**
 * The objective `fitTemperature` probes: mean NLL of softmax(z / T) and its derivatives in log T. With
 * `precision: 'float32'` from the fused WASM SIMD kernel of `@softlabels/core/kernels` (`createTemperatureNll`: the
 * logits are copied into kernel memory once, each probe is one pass), otherwise from the float64 host pass
 * (`temperature-pass.ts`).
 */
import { InvalidArgumentError, SoftlabelsError } from '@softlabels/core';
import { createTemperatureNll } from '@softlabels/core/kernels';
import type { CalibrationPrecision } from '../types';
import { usesFusedPass } from './fused-statistics';
import { ensureFinite, type LabelledRows } from './read-input';
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

/** Whether the objective over log temperatures within [lowerBound, upperBound] runs on the fused kernel. */
export function usesFusedObjective(precision: CalibrationPrecision, lowerBound: number, upperBound: number): boolean {
  return lowerBound >= -KERNEL_LOG_RANGE && upperBound <= KERNEL_LOG_RANGE && usesFusedPass(precision);
}

function float64Objective(rows: LabelledRows): TemperatureObjective {
  ensureFinite(rows);
  return {
    fused: false,
    noise: 1e-12,
    evaluate: (_logTemperature, temperature) =>
      temperaturePass(rows.values, rows.rows, rows.classes, rows.labels, temperature),
  };
}

/**
 * The objective over `rows`, for log temperatures within [lowerBound, upperBound]. On the fused kernel, logits whose
 * NaN/±∞ scan the reader left out are checked by the first probe (the kernel's NLL is then not finite), and the host
 * scan names the value.
 */
export function temperatureObjective(
  rows: LabelledRows,
  lowerBound: number,
  upperBound: number,
  precision: CalibrationPrecision,
): TemperatureObjective {
  if (!usesFusedObjective(precision, lowerBound, upperBound)) return float64Objective(rows);
  const values = rows.values;
  const objective = createTemperatureNll({
    logits: values instanceof Float32Array ? values : Float32Array.from(values),
    rows: rows.rows,
    classes: rows.classes,
    labels: rows.labels,
  });
  return {
    fused: true,
    noise: 1e-6,
    evaluate: (logTemperature, temperature) => {
      let sums;
      try {
        sums = objective(logTemperature);
      } catch (error) {
        if (SoftlabelsError.isInstance(error)) ensureFinite(rows);
        // Finite logits whose float32 lanes overflow (a spread near 3.4e38 between classes, or once divided by T).
        if (InvalidArgumentError.isInstance(error)) {
          throw new InvalidArgumentError({
            functionName: rows.functionName,
            parameter: rows.parameter,
            value: temperature,
            expected:
              "stay within float32 once divided by the temperature under precision: 'float32' " +
              "(precision: 'float64' takes them)",
            got: `logits whose NLL overflows float32 at T = ${temperature}`,
          });
        }
        throw error;
      }
      // The kernel sums over rows; the fit works with means.
      return {
        value: sums.value / rows.rows,
        derivative: sums.derivative / rows.rows,
        secondDerivative: sums.secondDerivative / rows.rows,
      };
    },
  };
}
