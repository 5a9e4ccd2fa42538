import * as tf from '@tensorflow/tfjs-core';

import { WasmHeapCall } from './wasm-heap-call';

/** The binary kernels taken, and the kernel's op code with the matrix first (Sub: then with the vector first). */
const OPS = { Add: [0, 0], Sub: [1, 2], Multiply: [3, 3] } as const;

/**
 * The replacement of tfjs-backend-wasm's `kind` (`Add`, `Sub` or `Multiply`) for a float32 tensor and a vector along
 * its last axis, in either order (a bias, a batch mean, a per-channel scale), which tfjs broadcasts element by element:
 * one SIMD pass over the rows. Every other case goes to `original`.
 */
export function createRowVectorKernelFunc(kind: keyof typeof OPS, original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const matrixFirst = tf.util.sizeFromShape(a.shape) >= tf.util.sizeFromShape(b.shape);
    const [matrix, vector] = matrixFirst ? [a, b] : [b, a];
    const columns = matrix.shape[matrix.shape.length - 1] ?? 0;
    const fits =
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      matrix.shape.length >= 2 &&
      vector.shape.length <= matrix.shape.length &&
      columns > 0 &&
      tf.util.sizeFromShape(vector.shape) === columns &&
      vector.shape[vector.shape.length - 1] === columns &&
      tf.util.sizeFromShape(matrix.shape) > columns;
    const call = fits ? WasmHeapCall.open(args.backend, matrix, original.kernelName) : undefined;
    if (call === undefined) return original.kernelFunc(args);
    return call.run(() => {
      const out = call.output([...matrix.shape]);
      const rows = tf.util.sizeFromShape(matrix.shape) / columns;
      const op = OPS[kind][matrixFirst ? 0 : 1];
      call.kernels.rowVectorOp(call.address(matrix), rows, columns, call.address(vector), call.address(out), op);
      return out;
    });
  };
}
