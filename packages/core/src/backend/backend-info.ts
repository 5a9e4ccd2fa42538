import * as tf from '@tensorflow/tfjs-core';

/** A backend softlabels can run on. */
export type BackendName = 'wasm' | 'cpu' | 'cuda';

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
}

const tfjsNames: Record<string, BackendName> = { wasm: 'wasm', cpu: 'cpu', tensorflow: 'cuda' };

/**
 * Describes the currently active tfjs backend, or `undefined` when it is not one softlabels knows.
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
  const name = tfjsNames[tf.getBackend()];
  if (name === undefined) return undefined;
  const floatPrecision = tf.backend().floatPrecision() === 16 ? 16 : 32;
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    return { name, simd, threads: wasm.getThreadsCount(), floatPrecision };
  }
  return { name, simd: false, threads: 1, floatPrecision };
}
