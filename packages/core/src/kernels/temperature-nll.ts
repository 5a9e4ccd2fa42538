import { checkNumber } from '../validation/check-number';
import {
  evaluateTemperatureNll,
  prepareTemperatureNllData,
  type TemperatureNllData,
  type TemperatureNllResult,
} from './create-temperature-nll';

/** Options of {@link temperatureNll}. */
export interface TemperatureNllOptions extends TemperatureNllData {
  /** s = log T at which to evaluate (T divides the logits). */
  logTemperature: number;
}

/**
 * Validates and normalises the options of {@link temperatureNll}.
 *
 * @example
 * ```ts
 * import { prepareTemperatureNllOptions } from '@softlabels/core/kernels';
 *
 * const options = prepareTemperatureNllOptions({
 *   logits: new Float32Array([2, 0]), rows: 1, classes: 2, labels: new Int32Array([0]), logTemperature: 0,
 * });
 * console.log(options.logTemperature); // 0
 * ```
 */
export function prepareTemperatureNllOptions(options: unknown): TemperatureNllOptions {
  const data = prepareTemperatureNllData(options, 'temperatureNll');
  const logTemperature = checkNumber(
    (options as { logTemperature?: unknown }).logTemperature,
    'options.logTemperature',
    'temperatureNll',
    { min: -80, max: 80 },
  );
  return { ...data, logTemperature };
}

/**
 * NLL of softmax(z/T) summed over rows, with its first and second derivative with respect to log T, in one fused WASM
 * SIMD pass. For a fit that evaluates many temperatures on the same logits, use `createTemperatureNll`, which
 * copies the logits into kernel memory once.
 *
 * @example
 * ```ts
 * import { temperatureNll } from '@softlabels/core/kernels';
 *
 * const { value, derivative } = temperatureNll({
 *   logits: new Float32Array([2, 0, 0, 2]), rows: 2, classes: 2, labels: new Int32Array([0, 0]), logTemperature: 0,
 * });
 * console.log(value.toFixed(4), derivative.toFixed(4)); // '2.2539' '-1.5232'
 * ```
 */
export function temperatureNll(options: TemperatureNllOptions): TemperatureNllResult {
  const { logTemperature, ...data } = prepareTemperatureNllOptions(options);
  return evaluateTemperatureNll(data, 'temperatureNll')(logTemperature);
}
