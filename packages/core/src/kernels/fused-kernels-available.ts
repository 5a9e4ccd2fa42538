import * as tf from '@tensorflow/tfjs-core';

import { kernelsCompile } from './internal/kernel-instance';

const HOST_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Whether the fused WASM SIMD kernels should be used on the active tfjs backend: true on `wasm` and `cpu` (whose tensors
 * live in host memory, so the kernels read them without a device round trip) when this runtime compiles WASM SIMD;
 * false on other backends such as `tensorflow` (CUDA) or `webgl`, where the composed tfjs ops stay on the device.
 *
 * @example
 * ```ts
 * import { initBackend } from '@softlabels/core';
 * import { fusedKernelsAvailable } from '@softlabels/core/kernels';
 *
 * await initBackend({ backend: 'wasm' });
 * console.log(fusedKernelsAvailable()); // true
 * ```
 */
export function fusedKernelsAvailable(): boolean {
  return HOST_BACKENDS.has(tf.getBackend()) && kernelsCompile();
}
