import * as tf from '@tensorflow/tfjs-core';

import { LabelSmoothingCrossEntropyKernel } from './label-smoothing-cross-entropy-kernel';
import { kernelsCompile } from './internal/kernel-instance';
import { createLsceKernelFunc } from './internal/lsce-kernel-func';
import { lsceGradConfig } from './internal/lsce-gradient';

const HOST_BACKENDS = ['wasm', 'cpu'] as const;

let registered = false;

/**
 * Puts the fused kernels into tfjs's kernel registry: {@link LabelSmoothingCrossEntropyKernel} for the `wasm` and
 * `cpu` backends (whose tensors live in host memory) and its gradient, when this runtime compiles WASM SIMD; other
 * backends (CUDA, WebGL) get none, so ops that look the kernel up with `tf.getKernel` keep their composed tfjs path
 * there. `initBackend` calls it, and so do the ops that use the kernels (for a backend set with `tf.setBackend`). Only
 * the first call does anything: a kernel unregistered later stays so. Registrations already made by another copy of
 * this package are kept.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { LabelSmoothingCrossEntropyKernel, registerFusedKernels } from '@softlabels/core/kernels';
 *
 * registerFusedKernels();
 * console.log(tf.getKernel(LabelSmoothingCrossEntropyKernel, 'cpu') !== undefined); // true
 * ```
 */
export function registerFusedKernels(): void {
  if (registered) return;
  registered = true;
  if (!kernelsCompile()) return;
  for (const backendName of HOST_BACKENDS) {
    if (tf.getKernel(LabelSmoothingCrossEntropyKernel, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: LabelSmoothingCrossEntropyKernel,
      backendName,
      kernelFunc: createLsceKernelFunc(backendName),
    });
  }
  if (tf.getGradient(LabelSmoothingCrossEntropyKernel) === undefined) tf.registerGradient(lsceGradConfig);
}
