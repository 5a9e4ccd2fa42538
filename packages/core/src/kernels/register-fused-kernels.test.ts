import * as tf from '@tensorflow/tfjs-core';
import { withoutKernel } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { LabelSmoothingCrossEntropyKernel } from './label-smoothing-cross-entropy-kernel';
import { registerFusedKernels } from './register-fused-kernels';

describe('registerFusedKernels', () => {
  it('has registered the kernel for wasm and cpu, and its gradient (initBackend calls it)', () => {
    for (const backendName of ['wasm', 'cpu']) {
      expect(tf.getKernel(LabelSmoothingCrossEntropyKernel, backendName)?.kernelName).toBe(
        LabelSmoothingCrossEntropyKernel,
      );
    }
    expect(tf.getGradient(LabelSmoothingCrossEntropyKernel)?.inputsToSave).toEqual(['logits', 'gradient']);
  });

  it('does nothing after its first call, so that a kernel unregistered stays so', async () => {
    const config = tf.getKernel(LabelSmoothingCrossEntropyKernel, tf.getBackend());
    await withoutKernel(LabelSmoothingCrossEntropyKernel, () => {
      registerFusedKernels();
      expect(tf.getKernel(LabelSmoothingCrossEntropyKernel, tf.getBackend())).toBeUndefined();
    });
    registerFusedKernels();
    expect(tf.getKernel(LabelSmoothingCrossEntropyKernel, tf.getBackend())).toBe(config);
  });
});
