import * as tf from '@tensorflow/tfjs-core';
import { SoftlabelsError } from '@softlabels/core';
import { createTensorWith } from '@softlabels/core/kernels';

/**
 * Runs the fused row-loss kernel `kernelName` of `@softlabels/core/kernels` (registered for the active backend) on
 * `[..., C]` logits with int32 labels of the leading shape or float32 probability targets of the logits' shape; its
 * gradient comes from the kernel's registered gradient. Returns null when the kernel rejects the rows (non-finite
 * values, labels out of range with checks off, logits whose span overflows float32), so the caller can take its
 * composed path, whose checks name the bad argument under the public function's name.
 */
export function fusedRowLoss(
  kernelName: string,
  logits: tf.Tensor,
  target: { labels: tf.Tensor } | { targets: tf.Tensor },
  attrs: object,
): tf.Tensor | null {
  // The kernel writes every element of this gradient buffer.
  const gradient = createTensorWith(logits.shape, 'float32', () => undefined);
  try {
    return tf
      .engine()
      .runKernel(kernelName, { logits, ...target, gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  } catch (error) {
    if (SoftlabelsError.isInstance(error)) return null;
    throw error;
  }
}
