import type * as tf from '@tensorflow/tfjs-core';

import { replaceWasmKernel } from './replace-wasm-kernel';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Makes row gathers fast on the wasm backend (installed by `initBackend`): tfjs-backend-wasm 4.22's `GatherV2` walks
 * the output element by element with stride arithmetic, and every training batch gathers rows (`model.fit` slices
 * its batches with gather). The replacement copies whole rows (`gather` on axis 0 without batch dimensions, numeric
 * dtypes, every index in range). Everything else, including out-of-range indices (and their error), goes to the
 * original kernel. Idempotent; other backends are untouched.
 * @internal
 */
export function installFastGather(): void {
  replaceWasmKernel(
    'GatherV2',
    (original) =>
      function fastRowGather(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
        const x = args.inputs.x as tf.TensorInfo;
        const indices = args.inputs.indices as tf.TensorInfo;
        const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
        const rank = x.shape.length;
        const rowAxis = axis < 0 ? axis + rank : axis;
        const numeric = x.dtype === 'float32' || x.dtype === 'int32' || x.dtype === 'bool';
        if (rowAxis !== 0 || batchDims !== 0 || !numeric || indices.dtype !== 'int32' || rank === 0) {
          return original.kernelFunc(args);
        }
        const backend = args.backend as unknown as WasmBackendLike;
        const rows = x.shape[0] as number;
        const picks = backend.typedArrayFromHeap(indices) as Int32Array;
        for (let index = 0; index < picks.length; index += 1) {
          const pick = picks[index] as number;
          if (!(pick >= 0 && pick < rows)) return original.kernelFunc(args);
        }
        const count = picks.length;
        const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
        // Views after makeOutput: allocating may move the heap.
        const source = backend.typedArrayFromHeap(x);
        const target = backend.typedArrayFromHeap(out);
        const from = backend.typedArrayFromHeap(indices) as Int32Array;
        const width = rows === 0 ? 0 : source.length / rows;
        for (let index = 0; index < count; index += 1) {
          const row = from[index] as number;
          target.set(source.subarray(row * width, (row + 1) * width), index * width);
        }
        return out;
      },
  );
}
