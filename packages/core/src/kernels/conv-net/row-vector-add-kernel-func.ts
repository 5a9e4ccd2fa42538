import type * as tf from '@tensorflow/tfjs-core';

import { WasmHeapCall } from './wasm-heap-call';

const size = (shape: number[]): number => shape.reduce((product, extent) => product * extent, 1);

/**
 * The replacement of tfjs-backend-wasm's `Add` for a float32 tensor plus a vector along its last axis (a bias added to
 * every pixel of a convolution), which tfjs broadcasts element by element: one SIMD pass over the rows. Every other
 * sum goes to `original`.
 */
export function createRowVectorAddKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const [matrix, vector] = size(a.shape) >= size(b.shape) ? [a, b] : [b, a];
    const columns = matrix.shape[matrix.shape.length - 1] ?? 0;
    const fits =
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      matrix.shape.length >= 2 &&
      vector.shape.length <= matrix.shape.length &&
      columns > 0 &&
      size(vector.shape) === columns &&
      vector.shape[vector.shape.length - 1] === columns &&
      size(matrix.shape) > columns;
    const call = fits ? WasmHeapCall.open(args.backend, matrix) : undefined;
    if (call === undefined) return original.kernelFunc(args);
    try {
      const out = call.output([...matrix.shape]);
      const rows = size(matrix.shape) / columns;
      call.kernels.addRowVector(call.address(matrix), rows, columns, call.address(vector), call.address(out));
      call.release();
      return out;
    } catch (error) {
      call.fail();
      throw error;
    }
  };
}
