import * as tf from '@tensorflow/tfjs-core';

import { formatValue } from '../errors/format-value';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from '../options/read-options';
import { checkLiveTensor } from './check-live-tensor';
import { checkNames } from './check-names';
import { checkNumber } from './check-number';

/** Host-side numeric data: what `tensor.dataSync()` returns, or a plain array. */
export type NumericData = ArrayLike<number>;

/** Checks that a tensor is live and numeric (not string or complex). */
function checkNumericTensor(input: tf.Tensor, parameter: string, functionName: string): void {
  checkLiveTensor(input, parameter, functionName);
  if (input.dtype === 'string' || input.dtype === 'complex64') {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a numeric tensor',
      got: `a ${input.dtype} tensor`,
    });
  }
}

/** The host values of a live tensor, a number array or a typed array; anything else names the argument. */
function values(input: tf.Tensor | NumericData, parameter: string, functionName: string): NumericData {
  if (input instanceof tf.Tensor) {
    checkNumericTensor(input, parameter, functionName);
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
  checkNames(parameter, functionName, 'checkFinite');
  // An empty tensor holds nothing to check (and tfjs-backend-wasm's Sum of one leaves its output unwritten).
  if (input instanceof tf.Tensor) checkNumericTensor(input, parameter, functionName);
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
        got: `${formatValue(value)} at flat index ${index}`,
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
  checkNames(parameter, functionName, 'checkLabels');
  checkNumber(numClasses, 'numClasses', 'checkLabels', { min: 1, integer: true });
  const record = readOptions(options, ['ignoreIndex'], 'checkLabels');
  const ignoreIndex =
    record.ignoreIndex === undefined
      ? undefined
      : checkNumber(record.ignoreIndex, 'options.ignoreIndex', 'checkLabels', { integer: true });
  const data = values(input, parameter, functionName);
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
        got: `${formatValue(label)} at flat index ${index}`,
      });
    }
  }
  return data;
}
