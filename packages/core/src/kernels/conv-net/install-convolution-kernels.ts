import * as tf from '@tensorflow/tfjs-core';

import { replaceWasmKernel } from '../../backend/replace-wasm-kernel';
import { kernelsCompile } from '../internal/kernel-instance';
import { createConv2DBackpropFilterKernelFunc } from './conv2d-backprop-filter-kernel-func';
import { createConv2DBackpropInputKernelFunc } from './conv2d-backprop-input-kernel-func';
import { createConv2DKernelFunc, createFusedConv2DKernelFunc } from './conv2d-kernel-func';
import { createFastTileKernelFunc } from './fast-tile-kernel-func';
import { createFusedBatchNormKernelFunc } from './fused-batch-norm-kernel-func';
import { createLeadingAxesReduceKernelFunc } from './leading-axes-reduce-kernel-func';
import { createAvgPoolGradKernelFunc, createMaxPoolGradKernelFunc } from './pool-gradient-kernel-funcs';
import { createRowVectorKernelFunc } from './row-vector-kernel-func';

/**
 * Puts the SIMD convolution kernels into tfjs-backend-wasm (installed by `initBackend` with the wasm backend, when the
 * runtime compiles WASM SIMD): `Conv2DBackpropFilter`, which tfjs-backend-wasm lacks, and replacements of its
 * `Conv2D`, `FusedConv2D` (linear or relu), `Conv2DBackpropInput`, `MaxPoolGrad` and `AvgPoolGrad` for NHWC float32
 * with dilation 1, and of the element-wise kernels around them in a training step: `Sum` and `Mean` over leading axes (bias
 * gradients, batch statistics), `Add`, `Sub` and `Multiply` with a last-axis vector (bias, centring,
 * per-channel scale), `FusedBatchNorm` with per-channel parameters and
 * `Tile` (batch-norm gradients); other cases go to tfjs's kernels. Idempotent; other backends are untouched.
 * @internal
 */
export function installConvolutionKernels(): void {
  if (tf.getKernel('Conv2D', 'wasm') === undefined || !kernelsCompile()) return;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'wasm',
      kernelFunc: createConv2DBackpropFilterKernelFunc(),
    });
  }
  replaceWasmKernel('Conv2D', createConv2DKernelFunc);
  replaceWasmKernel('FusedConv2D', createFusedConv2DKernelFunc);
  replaceWasmKernel('Conv2DBackpropInput', createConv2DBackpropInputKernelFunc);
  replaceWasmKernel('MaxPoolGrad', createMaxPoolGradKernelFunc);
  replaceWasmKernel('AvgPoolGrad', createAvgPoolGradKernelFunc);
  replaceWasmKernel('Sum', (original) => createLeadingAxesReduceKernelFunc('sum', original));
  replaceWasmKernel('Mean', (original) => createLeadingAxesReduceKernelFunc('mean', original));
  replaceWasmKernel('FusedBatchNorm', createFusedBatchNormKernelFunc);
  replaceWasmKernel('Tile', createFastTileKernelFunc);
  for (const kind of ['Add', 'Sub', 'Multiply'] as const) {
    replaceWasmKernel(kind, (original) => createRowVectorKernelFunc(kind, original));
  }
}
