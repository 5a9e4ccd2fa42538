import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { checkNames } from '../validation/check-names';
import { checkNumber } from '../validation/check-number';
import { checkFinite } from '../validation/check-values';
import { readOptions } from './read-options';
import { formatValue } from '../errors/format-value';

/** What {@link readClassVector} requires beyond finite, non-negative values. */
export interface ClassVectorRequirements {
  /** Required length (the class count, 0 for an empty last axis), when known. */
  length?: number;
  /** Require a probability distribution: values summing to 1 (within 1e-4). */
  distribution?: boolean;
}

/** Tolerance on the sum of a prior: float32 rounding of a normalised vector stays far below it. */
const SUM_TOLERANCE = 1e-4;

function readRequirements(requirements: unknown): { length: number | undefined; distribution: boolean } {
  const record = readOptions(requirements, ['length', 'distribution'], 'readClassVector', 'requirements');
  const length =
    record.length === undefined
      ? undefined
      : checkNumber(record.length, 'requirements.length', 'readClassVector', { min: 0, integer: true });
  if (record.distribution !== undefined && typeof record.distribution !== 'boolean') {
    throw new InvalidArgumentError({
      functionName: 'readClassVector',
      parameter: 'requirements.distribution',
      value: record.distribution,
      expected: 'be true or false',
    });
  }
  return { length, distribution: record.distribution === true };
}

/**
 * Reads a per-class vector (class weights, a prior, positive weights) to the host as float32, checking its length and
 * that every value is finite and non-negative (and, for a prior, that it sums to 1 within 1e-4). Accepts a number
 * array, a typed array or a 1-D tensor; errors name the argument and the function.
 *
 * @example
 * ```ts
 * import { readClassVector } from '@softlabels/core';
 *
 * const prior = readClassVector([0.5, 0.25, 0.25], 'options.prior', 'myLoss', { length: 3, distribution: true });
 * console.log(prior); // Float32Array(3) [ 0.5, 0.25, 0.25 ]
 * ```
 */
export function readClassVector(
  value: unknown,
  parameter: string,
  functionName: string,
  requirements: ClassVectorRequirements = {},
): Float32Array {
  checkNames(parameter, functionName, 'readClassVector');
  const { length, distribution } = readRequirements(requirements);
  let data: Float32Array;
  if (value instanceof tf.Tensor) {
    if (value.isDisposed || value.rank !== 1) {
      throw new ShapeMismatchError({
        functionName,
        parameter,
        actual: value.shape,
        expected: value.isDisposed ? 'be a live tensor' : 'be a 1-D tensor with one value per class',
      });
    }
    data = Float32Array.from(value.dataSync() as ArrayLike<number>);
  } else if (Array.isArray(value) || value instanceof Float32Array || value instanceof Float64Array) {
    const entry = Array.isArray(value) ? value.findIndex((item: unknown) => typeof item !== 'number') : -1;
    if (entry >= 0) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value,
        expected: 'hold one number per class',
        got: `${formatValue((value as unknown[])[entry])} at index ${entry}`,
      });
    }
    data = Float32Array.from(value as ArrayLike<number>);
  } else {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value,
      expected: 'be an array, a typed array or a 1-D tensor with one number per class',
    });
  }
  if (length !== undefined && data.length !== length) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: [data.length],
      expected: `have one value per class (length ${length})`,
    });
  }
  checkFinite(data, parameter, functionName);
  const negative = data.findIndex((entry) => entry < 0);
  if (negative >= 0) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: data[negative],
      expected: 'hold only non-negative values',
      got: `${data[negative]} at index ${negative}`,
    });
  }
  if (distribution) {
    const total = data.reduce((sum, entry) => sum + entry, 0);
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: Array.from(data),
        expected: 'be a probability distribution over the classes (non-negative, summing to 1)',
        got: `values summing to ${total}`,
      });
    }
  }
  return data;
}
