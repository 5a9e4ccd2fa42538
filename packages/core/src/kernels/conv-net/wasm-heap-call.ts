import type * as tf from '@tensorflow/tfjs-core';

import { KernelError } from '../../errors/kernel-error';
import { SoftlabelsError } from '../../errors/softlabels-error';
import { arenaFor, type KernelArena } from '../internal/kernel-arena';
import type { Kernels } from '../internal/kernel-instance';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
}

/**
 * One kernel call on tfjs-backend-wasm's heap: the byte addresses of tensors where they lie, outputs made by the
 * backend, scratch from tfjs's own allocator (freed by {@link WasmHeapCall.release}) and the kernel instance bound to
 * that heap. Addresses stay valid when the heap grows; typed views do not, so views are made only after the last
 * allocation of a step.
 */
export class WasmHeapCall {
  readonly kernels: Kernels;
  private readonly arena: KernelArena;
  private readonly outputs: tf.TensorInfo[] = [];

  private constructor(
    private readonly backend: WasmBackendLike,
    arena: KernelArena,
    private readonly kernel: string,
    private readonly shape: readonly number[],
  ) {
    this.arena = arena;
    this.kernels = arena.kernels;
  }

  /**
   * The call of tfjs kernel `kernel` for `backend` (the wasm backend a kernel function got) on `probe` (its first
   * input, whose shape a {@link KernelError} reports), or undefined where the heap is not reachable.
   */
  static open(backend: unknown, probe: tf.TensorInfo, kernel: string): WasmHeapCall | undefined {
    const wasm = backend as WasmBackendLike;
    if (typeof wasm.typedArrayFromHeap !== 'function') return undefined;
    const arena = arenaFor(wasm.typedArrayFromHeap(probe));
    return arena.foreign ? new WasmHeapCall(wasm, arena, kernel, probe.shape) : undefined;
  }

  /** The byte address of a tensor's data on the heap. */
  address(info: tf.TensorInfo): number {
    return this.backend.typedArrayFromHeap(info).byteOffset;
  }

  /** A new float32 tensor of `shape`, freed again by {@link WasmHeapCall.fail}. */
  output(shape: number[]): tf.TensorInfo {
    const info = this.backend.makeOutput(shape, 'float32');
    this.outputs.push(info);
    return info;
  }

  /** `bytes` bytes of 16-aligned scratch (followed by 16 readable bytes), valid until {@link WasmHeapCall.release}. */
  scratch(bytes: number): number {
    return this.arena.allocate(bytes);
  }

  /** A float32 view of `length` values at `address` (valid until the next allocation). */
  floats(address: number, length: number): Float32Array {
    return new Float32Array(this.kernels.memory.buffer, address, length);
  }

  /** An int32 view of `length` values at `address` (valid until the next allocation). */
  ints(address: number, length: number): Int32Array {
    return new Int32Array(this.kernels.memory.buffer, address, length);
  }

  /**
   * Runs `body` (the kernel's work, returning its output) and frees the scratch; when `body` throws, the outputs made
   * are freed too, and the error passes on: a softlabels error as it is, anything else (a WebAssembly trap, a failed
   * allocation) as a {@link KernelError} naming the kernel and the input's shape, with the error as its `cause`.
   */
  run<T>(body: () => T): T {
    try {
      const result = body();
      this.release();
      return result;
    } catch (error) {
      this.fail();
      if (SoftlabelsError.isInstance(error)) throw error;
      throw new KernelError({
        functionName: 'tfjs-backend-wasm',
        kernel: this.kernel,
        shape: this.shape,
        cause: error,
      });
    }
  }

  /** Frees the scratch. */
  private release(): void {
    this.arena.release();
  }

  /** Frees the scratch and the outputs made (for a call that throws). */
  private fail(): void {
    this.release();
    for (const info of this.outputs.splice(0)) this.backend.disposeData(info.dataId);
  }
}
