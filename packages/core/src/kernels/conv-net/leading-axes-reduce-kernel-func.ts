import * as tf from '@tensorflow/tfjs-core';

import { WasmHeapCall } from './wasm-heap-call';

/**
 * The replacement of tfjs-backend-wasm's `Sum` (`kind` 'sum') or `Mean` ('mean') for float32 reductions over the
 * leading axes — a bias gradient (dy summed over batch and pixels), batch statistics — which tfjs runs through a
 * transpose: column sums of the [rows, columns] view in place, blocks of rows added in float64. Every other reduction
 * goes to `original`.
 */
export function createLeadingAxesReduceKernelFunc(kind: 'sum' | 'mean', original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((value, index) => value === index);
    const call =
      leading && x.dtype === 'float32' && !x.shape.includes(0)
        ? WasmHeapCall.open(args.backend, x, original.kernelName)
        : undefined;
    if (call === undefined) return original.kernelFunc(args);
    return call.run(() => {
      const kept = x.shape.slice(axes.length);
      const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
      const columns = tf.util.sizeFromShape(kept);
      const out = call.output(keepDims ? [...axes.map(() => 1), ...kept] : kept);
      const scratch = call.scratch((columns + 4) * 8);
      const scale = kind === 'mean' ? 1 / rows : 1;
      call.kernels.columnSums(call.address(x), rows, columns, scale, scratch, call.address(out));
      return out;
    });
  };
}
