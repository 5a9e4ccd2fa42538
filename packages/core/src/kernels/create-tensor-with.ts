import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkChoice } from '../validation/check-number';
import { readSmallArray, SHAPE_ITEMS } from '../validation/read-small-array';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
  disposeData(dataId: object): boolean;
}

const DTYPES = ['float32', 'int32'] as const;

/** The most elements a tensor made here may hold (1 GiB of float32). */
const MAX_ELEMENTS = 2 ** 28;

/**
 * Creates a tensor and lets `fill` write its values in place: on `wasm` straight into the backend's heap (no staging
 * copy), elsewhere into a fresh typed array the tensor then owns (`cpu` keeps it without copying). `fill` must write
 * every element (on `wasm` the memory starts out with whatever was there before) and must not call tfjs. When `fill`
 * throws, the memory is freed and the error passed on: no tensor is made.
 *
 * @example
 * ```ts
 * import { initBackend } from '@softlabels/core';
 * import { createTensorWith } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * const ramp = createTensorWith([2, 3], 'float32', (values) => {
 *   for (let index = 0; index < values.length; index += 1) values[index] = index;
 * });
 * console.log(ramp.arraySync()); // [[0, 1, 2], [3, 4, 5]]
 * ramp.dispose();
 * ```
 */
export function createTensorWith<R extends tf.Rank = tf.Rank>(
  shape: number[],
  dtype: 'float32' | 'int32',
  fill: (values: Float32Array | Int32Array) => void,
): tf.Tensor<R> {
  readSmallArray(shape, 'shape', 'createTensorWith', SHAPE_ITEMS);
  const elements = shape.reduce((product, size) => product * size, 1);
  if (elements > MAX_ELEMENTS) {
    throw new InvalidArgumentError({
      functionName: 'createTensorWith',
      parameter: 'shape',
      value: shape,
      expected: 'hold at most 2²⁸ elements',
      got: `[${shape.join(', ')}] (${elements} elements)`,
    });
  }
  checkChoice(dtype, DTYPES, 'dtype', 'createTensorWith');
  if (typeof fill !== 'function') {
    throw new InvalidArgumentError({
      functionName: 'createTensorWith',
      parameter: 'fill',
      value: fill,
      expected: 'be a function',
    });
  }
  if (tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    const info = backend.makeOutput(shape, dtype);
    try {
      fill(backend.typedArrayFromHeap(info));
    } catch (error) {
      backend.disposeData(info.dataId);
      throw error;
    }
    return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
  }
  const values = dtype === 'float32' ? new Float32Array(elements) : new Int32Array(elements);
  fill(values);
  return tf.tensor(values, shape, dtype) as unknown as tf.Tensor<R>;
}
