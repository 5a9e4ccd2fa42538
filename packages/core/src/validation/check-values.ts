import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLiveTensor } from './check-live-tensor';

/** Host-side numeric data: what `tensor.dataSync()` returns, or a plain array. */
export type NumericData = ArrayLike<number>;

/** The host values of a live tensor, a number array or a typed array; anything else names the argument. */
function values(input: tf.Tensor | NumericData, parameter: string, functionName: string): NumericData {
  if (input instanceof tf.Tensor) {
    checkLiveTensor(input, parameter, functionName);
    return input.dataSync() as NumericData;
  }
  if (!Array.isArray(input) && !(ArrayBuffer.isView(input) && !(input instanceof DataView))) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a tensor, a number array or a typed array',
    });
  }
  return input;
}

/**
 * Throws an {@link InvalidArgumentError} naming the first NaN or ±Infinity (by flat index).
 * For a tensor it first reduces on the device and reads back one number (the sum is finite exactly when every element
 * is, unless finite values overflow float32 when added); only when that is not finite does it scan on the host, to
 * name the offending element (or pass, after an overflow of finite values). It still synchronises with the device:
 * keep it at API boundaries, and offer users a way to skip it on hot paths.
 *
 * @example
 * ```ts
 * import { checkFinite } from '@softlabels/core';
 *
 * checkFinite([0.5, 1, -2], 'logits', 'myLoss'); // passes
 * ```
 */
export function checkFinite(input: tf.Tensor | NumericData, parameter: string, functionName: string): void {
  // An empty tensor holds nothing to check (and tfjs-backend-wasm's Sum of one leaves its output unwritten).
  if (input instanceof tf.Tensor) checkLiveTensor(input, parameter, functionName);
  if (input instanceof tf.Tensor && (input.size === 0 || Number.isFinite(tf.tidy(() => tf.sum(input).dataSync()[0]))))
    return;
  const data = values(input, parameter, functionName);
  for (let index = 0; index < data.length; index += 1) {
    const value = data[index] as number;
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value,
        expected: 'contain only finite values',
        got: `${String(value)} at flat index ${index}`,
      });
    }
  }
}

/** Options of {@link checkLabels}. */
export interface CheckLabelsOptions {
  /** A label value that marks rows to skip; it is accepted even though it is out of range. */
  ignoreIndex?: number;
}

/**
 * Throws an {@link InvalidArgumentError} unless every label is an integer in `[0, numClasses)` (or the ignore index).
 * Returns the host data it read, so callers need not read it twice.
 *
 * @example
 * ```ts
 * import { checkLabels } from '@softlabels/core';
 *
 * checkLabels([0, 2, -100], 3, 'labels', 'myLoss', { ignoreIndex: -100 }); // passes
 * ```
 */
export function checkLabels(
  input: tf.Tensor | NumericData,
  numClasses: number,
  parameter: string,
  functionName: string,
  options: CheckLabelsOptions = {},
): NumericData {
  const data = values(input, parameter, functionName);
  const { ignoreIndex } = options;
  for (let index = 0; index < data.length; index += 1) {
    const label = data[index] as number;
    if (label === ignoreIndex) continue;
    if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: label,
        expected:
          `hold integer class indices in [0, ${numClasses - 1}]` +
          (ignoreIndex === undefined ? '' : ` or the ignore index ${ignoreIndex}`),
        got: `${String(label)} at flat index ${index}`,
      });
    }
  }
  return data;
}
