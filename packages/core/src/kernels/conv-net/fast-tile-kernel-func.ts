import type * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * Writes `source` (row-major, `shape`) tiled `reps` times per axis into `target`: the innermost rows are copied whole,
 * then each finished block is repeated with `copyWithin`, so the work is memory copies, never per-element indexing.
 * Returns how many elements were written.
 */
export function tileInto(
  source: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  reps: readonly number[],
  target: Float32Array | Int32Array | Uint8Array,
  axis = 0,
  from = 0,
  to = 0,
): number {
  const rank = shape.length;
  if (rank === 0) {
    target[to] = source[from] as number;
    return 1;
  }
  const extent = shape[axis] as number;
  const repeat = reps[axis] as number;
  let inner = 1;
  for (let next = axis + 1; next < rank; next += 1) inner *= shape[next] as number;
  let written = 0;
  if (axis === rank - 1) {
    target.set(source.subarray(from, from + extent), to);
    written = extent;
  } else {
    for (let index = 0; index < extent; index += 1) {
      written += tileInto(source, shape, reps, target, axis + 1, from + index * inner, to + written);
    }
  }
  // Doubling copies of the block just written.
  const block = written;
  let have = 1;
  while (have < repeat) {
    const copies = Math.min(have, repeat - have);
    target.copyWithin(to + have * block, to, to + copies * block);
    have += copies;
  }
  return block * repeat;
}

/**
 * The replacement of tfjs-backend-wasm's `Tile`, which indexes every output element: the same values by block copies
 * ({@link tileInto}) for float32, int32 and bool tensors. Strings go to `original`.
 */
export function createFastTileKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { reps } = args.attrs as unknown as { reps: number[] };
    const backend = args.backend as unknown as WasmBackendLike;
    if (x.dtype === 'string' || x.dtype === 'complex64' || reps.length !== x.shape.length || reps.some((r) => r < 1))
      return original.kernelFunc(args);
    const out = backend.makeOutput(
      x.shape.map((size, axis) => size * (reps[axis] as number)),
      x.dtype,
    );
    if (x.shape.includes(0)) return out;
    // Views after makeOutput: allocating may move the heap.
    tileInto(backend.typedArrayFromHeap(x), x.shape, reps, backend.typedArrayFromHeap(out));
    return out;
  };
}
