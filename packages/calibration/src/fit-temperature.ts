import type { TensorInput } from '@softlabels/core';
import type { FitTemperatureOptions } from './fit-temperature-options';
import { prepareFitTemperatureOptions } from './internal/prepare-calibration-options';
import { readLogitsArgument } from './internal/read-logits-argument';
import { readLabelledOfKind, warnIfProbabilities } from './internal/read-input';
import { fitTemperatureRows } from './internal/fit-temperature-rows';
import { usesFusedObjective } from './internal/temperature-objective';
import type { TemperatureFit } from './temperature-fit';
import type { LabelsInput } from './types';

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
  const fit = fitTemperatureRows(rows, prepared);
  warnIfProbabilities(rows);
  return fit;
}
