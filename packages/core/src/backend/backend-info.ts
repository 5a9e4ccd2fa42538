import * as tf from '@tensorflow/tfjs-core';

/** A backend softlabels can run on. */
export type BackendName = 'wasm' | 'cpu' | 'cuda' | 'node';

/** What {@link initBackend} reports about the backend it activated. */
export interface BackendInfo {
  /** Which backend is active. */
  name: BackendName;
  /** Whether WASM SIMD instructions are in use (wasm only; false elsewhere). */
  simd: boolean;
  /** Worker threads the backend computes with (1 for wasm in Node, where tfjs disables threads). */
  threads: number;
  /** Float precision of the backend's kernels, in bits. */
  floatPrecision: 16 | 32;
  /**
   * Only from `initBackend({ backend: 'auto' })`, when a backend it prefers failed to load (wasm in a page without
   * `wasmPaths`, an installed tfjs-node-gpu whose native addon is broken): why it ran this one instead. An optional
   * peer that is not installed is not a failure.
   */
  fallbackReason?: string;
}

/**
 * Which kind of `tensorflow` backend (tfjs-node or tfjs-node-gpu) this is: `'cuda'` only for tfjs-node-gpu running
 * on a GPU device, else `'node'` (TensorFlow's C library on the CPU).
 * @internal
 */
export function tensorflowBackendKind(backend: unknown): 'cuda' | 'node' {
  const native = backend as { isGPUPackage?: unknown; isUsingGpuDevice?: unknown };
  return native.isGPUPackage === true && native.isUsingGpuDevice === true ? 'cuda' : 'node';
}

const tfjsNames: Partial<Record<string, BackendName>> = { wasm: 'wasm', cpu: 'cpu' };

/**
 * Describes the currently active tfjs backend, or `undefined` when it is not one softlabels knows. It returns a
 * promise (reading the wasm backend's SIMD support is asynchronous).
 *
 * @example
 * ```ts
 * import { describeBackend, initBackend } from '@softlabels/core';
 *
 * await initBackend({ backend: 'cpu' });
 * console.log(await describeBackend()); // { name: 'cpu', simd: false, threads: 1, floatPrecision: 32 }
 * ```
 */
export async function describeBackend(): Promise<BackendInfo | undefined> {
  // tfjs leaves the name unset until a backend is initialised.
  const tfName = tf.getBackend() as string | undefined;
  if (typeof tfName !== 'string') return undefined;
  const name = tfName === 'tensorflow' ? tensorflowBackendKind(tf.backend()) : tfjsNames[tfName];
  if (name === undefined) return undefined;
  const floatPrecision = tf.backend().floatPrecision() === 16 ? 16 : 32;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { name, simd, threads: wasm.getThreadsCount(), floatPrecision };
  }
  return { name, simd: false, threads: 1, floatPrecision };
}
