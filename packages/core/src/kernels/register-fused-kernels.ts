import * as tf from '@tensorflow/tfjs-core';

import { ConfidencePenaltyKernel } from './confidence-penalty-kernel';
import { FocalLossKernel } from './focal-loss-kernel';
import { LabelSmoothingCrossEntropyKernel } from './label-smoothing-cross-entropy-kernel';
import { confidencePenaltyGradConfig } from './internal/confidence-penalty-gradient';
import { createConfidencePenaltyKernelFunc } from './internal/confidence-penalty-kernel-func';
import { createFocalKernelFunc } from './internal/focal-kernel-func';
import { focalGradConfig } from './internal/focal-gradient';
import { kernelsCompile } from './internal/kernel-instance';
import { createLsceKernelFunc } from './internal/lsce-kernel-func';
import { lsceGradConfig } from './internal/lsce-gradient';

const HOST_BACKENDS = ['wasm', 'cpu'] as const;

/** Each fused kernel: its name, its kernel function on a host backend, its gradient. */
const FUSED_KERNELS: readonly {
  name: string;
  kernelFunc: (backendName: (typeof HOST_BACKENDS)[number]) => tf.KernelFunc;
  gradient: tf.GradConfig;
}[] = [
  { name: LabelSmoothingCrossEntropyKernel, kernelFunc: createLsceKernelFunc, gradient: lsceGradConfig },
  { name: FocalLossKernel, kernelFunc: createFocalKernelFunc, gradient: focalGradConfig },
  {
    name: ConfidencePenaltyKernel,
    kernelFunc: createConfidencePenaltyKernelFunc,
    gradient: confidencePenaltyGradConfig,
  },
];

let registered = false;

/**
 * Puts the fused kernels into tfjs's kernel registry: {@link LabelSmoothingCrossEntropyKernel}, {@link FocalLossKernel}
 * and {@link ConfidencePenaltyKernel} for the `wasm` and `cpu` backends (whose tensors live in host memory) with their
 * gradients, when this runtime compiles WASM SIMD; other
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
  for (const { name, kernelFunc, gradient } of FUSED_KERNELS) {
    for (const backendName of HOST_BACKENDS) {
      if (tf.getKernel(name, backendName) !== undefined) continue;
      tf.registerKernel({ kernelName: name, backendName, kernelFunc: kernelFunc(backendName) });
    }
    if (tf.getGradient(name) === undefined) tf.registerGradient(gradient);
  }
}
