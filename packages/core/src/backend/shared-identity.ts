import type * as tf from '@tensorflow/tfjs-core';

import { replaceWasmKernel } from './replace-wasm-kernel';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Makes `Identity` share memory on the wasm backend, as the cpu backend's already does (installed by `initBackend`):
 * tfjs-backend-wasm 4.22 copies the data, and `Identity` runs for every `tf.clone` and for every tensor a gradient
 * function saves for the backward pass — `tf.customGrad` saves through `clone`, so a fused loss that saves its
 * gradient would pay a full copy. Tensors are immutable in tfjs (variables swap their data on
 * `assign`, kernels write only to new outputs), so a clone that shares the data and raises its reference count is
 * indistinguishable from a copy. String tensors keep the original kernel. Idempotent; other backends are untouched.
 * @internal
 */
export function installSharedIdentity(): void {
  replaceWasmKernel(
    'Identity',
    (original) =>
      function sharedIdentity(args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
        const x = args.inputs.x as tf.TensorInfo;
        if (x.dtype === 'string') return original.kernelFunc(args);
        (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
        return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
      },
  );
}
