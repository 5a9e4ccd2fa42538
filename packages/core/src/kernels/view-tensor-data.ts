import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLiveTensor } from '../validation/check-live-tensor';

interface WasmBackendLike {
  typedArrayFromHeap(info: {
    shape: number[];
    dtype: tf.DataType;
    dataId: object;
  }): Float32Array | Int32Array | Uint8Array;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * The values of a float32 or int32 tensor as a typed array, without a copy where the backend allows it: on `wasm` a
 * view of the backend's heap (`HEAPF32` at the tensor's memory offset), on `cpu` the backend's own array; elsewhere
 * `dataSync()` (a copy). Treat the result as read-only and use it at once: on `wasm` the view is invalidated by the
 * next tfjs op that grows the heap (a fused kernel call may grow it too: take views again after one), and writing to
 * it changes the tensor. Passing such views to the fused kernels makes them run in place on the heap.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { viewTensorData } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * const logits = tf.tensor2d([[1, 2], [3, 4]]);
 * console.log(viewTensorData(logits)); // Float32Array [1, 2, 3, 4]
 * logits.dispose();
 * ```
 */
export function viewTensorData(tensor: tf.Tensor): Float32Array | Int32Array {
  checkLiveTensor(tensor, 'tensor', 'viewTensorData');
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
    throw new InvalidArgumentError({
      functionName: 'viewTensorData',
      parameter: 'tensor',
      value: tensor,
      expected: 'be a float32 or int32 tensor',
      got: `a ${tensor.dtype} tensor`,
    });
  }
  const backendName = tf.getBackend();
  const backend = tf.backend() as unknown;
  if (backendName === 'wasm') {
    return (backend as WasmBackendLike).typedArrayFromHeap(tensor) as Float32Array | Int32Array;
  }
  if (backendName === 'cpu') {
    const values = (backend as CpuBackendLike).data.get(tensor.dataId)?.values;
    if (values instanceof Float32Array || values instanceof Int32Array) return values;
  }
  return tensor.dataSync() as Float32Array | Int32Array;
}
