import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLiveTensor } from './check-live-tensor';

function flatLength(input: unknown): number {
  if (ArrayBuffer.isView(input)) return (input as unknown as ArrayLike<number>).length;
  return Array.isArray(input) ? input.reduce((total: number, item: unknown) => total + flatLength(item), 0) : 1;
}

/** The shape implied by following the first element down each level. */
function leadingShape(input: unknown): number[] {
  const shape: number[] = [];
  let level = input;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const items = level as ArrayLike<unknown>;
    shape.push(items.length);
    level = items[0];
  }
  return shape;
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
 * call it inside `tf.tidy` or dispose the result when it is not the input.
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
  try {
    if (Array.isArray(input)) {
      const shape = leadingShape(input);
      const size = flatLength(input);
      if (tf.util.sizeFromShape(shape) !== size) {
        throw new Error(`${size} values do not fill the shape [${shape.join(', ')}]`);
      }
    }
    return tf.tensor(input as tf.TensorLike, undefined, dtype);
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: input,
      expected: 'be a rectangular (nested) number array',
      got: cause instanceof Error ? `an array tfjs rejects (${cause.message})` : 'an array tfjs rejects',
    });
  }
}
