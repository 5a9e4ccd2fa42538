import * as tf from '@tensorflow/tfjs-core';

import { formatValue } from '../errors/format-value';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkActiveBackend } from '../backend/check-active-backend';
import { checkLiveTensor } from './check-live-tensor';
import { checkNames } from './check-names';
import { checkChoice } from './check-number';

/** The deepest nesting read from arrays: deeper input is refused before it is walked. */
const MAX_NESTING = 32;

/** The shape implied by following the first element down each level. */
function leadingShape(input: unknown): number[] {
  const shape: number[] = [];
  let level = input;
  while ((Array.isArray(level) || ArrayBuffer.isView(level)) && shape.length <= MAX_NESTING) {
    const items = level as ArrayLike<unknown>;
    shape.push(items.length);
    level = items[0];
  }
  return shape;
}

/** Whether a leaf of a nested array holds a value of the dtype: any number for float32, an int32 value for int32. */
function isLeaf(value: unknown, dtype: NumericDtype): boolean {
  if (typeof value !== 'number') return false;
  return dtype === 'float32' || (Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31);
}

/**
 * Why a nested array is not a rectangular array of `dtype` values of `shape` (a ragged level, or a leaf that is not a
 * number, or for int32 not an int32 integer: tfjs would read `null` as 0, `'1'` as 1 and NaN as 0), or undefined when
 * it is one.
 */
function nestedArrayFault(input: unknown, shape: readonly number[], dtype: NumericDtype): string | undefined {
  let flatIndex = 0;
  const walk = (level: unknown, depth: number): string | undefined => {
    if (depth === shape.length) {
      if (!isLeaf(level, dtype)) return `${formatValue(level)} at flat index ${flatIndex}`;
      flatIndex += 1;
      return undefined;
    }
    const isLevel = Array.isArray(level) || (ArrayBuffer.isView(level) && !(level instanceof DataView));
    const length = isLevel ? (level as ArrayLike<unknown>).length : undefined;
    if (length !== shape[depth]) {
      return `a ragged array (a level of length ${length ?? 'none'} where ${shape[depth]} was expected)`;
    }
    if (ArrayBuffer.isView(level) && depth === shape.length - 1) {
      flatIndex += length as number;
      return undefined;
    }
    for (let index = 0; index < (length as number); index += 1) {
      const fault = walk((level as ArrayLike<unknown>)[index], depth + 1);
      if (fault !== undefined) return fault;
    }
    return undefined;
  };
  return walk(input, 0);
}

/** A tensor, or anything `tf.tensor()` accepts: nested number arrays and typed arrays. */
export type TensorInput = tf.Tensor | tf.TensorLike;

/** Numeric dtypes that softlabels computes in. */
export type NumericDtype = 'float32' | 'int32';

function isNumericDtype(dtype: tf.DataType): dtype is NumericDtype | 'bool' {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

/**
 * Converts an argument to a tensor of the wanted dtype, naming the argument and function when it cannot.
 * Tensors are returned as they are when their dtype already matches; otherwise a new (cast) tensor is returned, so
 * call it inside `tf.tidy` or dispose the result when it is not the input. Valid arrays need an active tfjs backend:
 * without one it throws `NoActiveBackendError` ("call initBackend() first").
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { toTensor } from '@softlabels/core';
 *
 * const labels = tf.tidy(() => toTensor([0, 2, 1], 'labels', 'myLoss', 'int32'));
 * console.log(labels.dtype); // 'int32'
 * labels.dispose();
 * ```
 */
export function toTensor(
  input: unknown,
  parameter: string,
  functionName: string,
  dtype: NumericDtype = 'float32',
): tf.Tensor {
  checkNames(parameter, functionName, 'toTensor');
  checkChoice(dtype, ['float32', 'int32'], 'dtype', 'toTensor');
  if (input instanceof tf.Tensor) {
    checkLiveTensor(input, parameter, functionName);
    if (!isNumericDtype(input.dtype)) {
      throw new InvalidArgumentError({
        functionName,
        parameter,
        value: input,
        expected: `be a numeric tensor (${dtype})`,
        got: `a ${input.dtype} tensor`,
      });
    }
    return input.dtype === dtype ? input : tf.cast(input, dtype);
  }
  const isArrayLike = Array.isArray(input) || ArrayBuffer.isView(input);
  if (!isArrayLike) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a tensor, a (nested) number array or a typed array',
      got: typeof input === 'object' && input !== null ? Object.prototype.toString.call(input) : typeof input,
    });
  }
  const shape = leadingShape(input);
  if (shape.length > MAX_NESTING) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: `be nested at most ${MAX_NESTING} levels deep`,
      got: 'an array nested deeper',
    });
  }
  const fault = Array.isArray(input) ? nestedArrayFault(input, shape, dtype) : undefined;
  if (fault !== undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: `be a rectangular (nested) array of ${dtype === 'int32' ? 'int32 integers' : 'numbers'}`,
      got: fault,
    });
  }
  checkActiveBackend(parameter, functionName);
  try {
    return tf.tensor(input as tf.TensorLike, undefined, dtype);
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a rectangular (nested) array of numbers',
      got: cause instanceof Error ? `an array tfjs rejects (${cause.message})` : 'an array tfjs rejects',
    });
  }
}
