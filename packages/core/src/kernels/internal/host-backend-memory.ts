import type * as tf from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array | Int32Array): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** A kernel's access to the memory of the backend it runs on: the tensors' own arrays, never copies. */
export interface HostBackendMemory {
  /** The values of `info`, in place: a view of the wasm heap (valid until the next allocation) or cpu's array. */
  view(info: tf.TensorInfo): Float32Array | Int32Array;
  /** A new float32 output whose values the caller writes through {@link view}. */
  makeOutput(shape: number[]): tf.TensorInfo;
  /** Frees an output made here that is not returned. */
  dispose(info: tf.TensorInfo): void;
}

/** The memory of tfjs-backend-wasm (its heap) or tfjs-backend-cpu (its typed arrays), as `backend` exposes it. */
export function hostBackendMemory(backendName: 'wasm' | 'cpu', backend: unknown): HostBackendMemory {
  if (backendName === 'wasm') {
    const wasm = backend as WasmBackendLike;
    return {
      view: (info) => wasm.typedArrayFromHeap(info) as Float32Array | Int32Array,
      makeOutput: (shape) => wasm.makeOutput(shape, 'float32'),
      dispose: (info) => void wasm.disposeData(info.dataId),
    };
  }
  const cpu = backend as CpuBackendLike;
  return {
    view: (info) => cpu.data.get(info.dataId)?.values as Float32Array | Int32Array,
    makeOutput: (shape) =>
      cpu.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((product, size) => product * size, 1))),
    dispose: (info) => void cpu.disposeData(info.dataId),
  };
}
