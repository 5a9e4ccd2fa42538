import * as tf from '@tensorflow/tfjs-core';

import {
  LabelSmoothingCrossEntropyKernel,
  type LabelSmoothingCrossEntropyAttrs,
} from '../label-smoothing-cross-entropy-kernel';

/**
 * The logits' gradient from the kernel's filled gradient (the logits' shape) and the upstream dy: a per-row product
 * for `'none'` (dy has the leading shape);
 * for a reduced loss dy is a scalar, read on the host (the kernel runs on host-memory backends only), and the usual
 * dy = 1 costs no pass: a reshape to the same shape is a new tensor sharing the gradient's memory.
 */
function scaleGradient(
  gradient: tf.Tensor,
  dy: tf.Tensor,
  reduction: LabelSmoothingCrossEntropyAttrs['reduction'],
): tf.Tensor {
  if (reduction === 'none') return tf.mul(gradient, tf.expandDims(dy, -1));
  return (dy.dataSync()[0] as number) === 1
    ? tf.reshape(gradient, gradient.shape)
    : tf.mul(gradient, tf.reshape(dy, []));
}

/**
 * ∂ℓ/∂t_{n,c} = (1−ε)·w_c·(−log softmax(z_n)_c) times row n's upstream factor: dy_n for `'none'`, dy for `'sum'`, dy/N
 * for `'mean'` (probability targets divide by the row count; NaN for no rows, as PyTorch's mean).
 */
function targetsGradient(logits: tf.Tensor, dy: tf.Tensor, attrs: LabelSmoothingCrossEntropyAttrs): tf.Tensor {
  const classes = logits.shape[logits.rank - 1] as number;
  const rows = logits.size / Math.max(classes, 1);
  const { epsilon, reduction, classWeights } = attrs;
  const factor = classWeights === undefined ? tf.scalar(1 - epsilon) : tf.mul(tf.tensor1d(classWeights), 1 - epsilon);
  const upstream =
    reduction === 'none'
      ? tf.expandDims(dy, -1)
      : reduction === 'sum'
        ? tf.reshape(dy, [])
        : tf.mul(tf.reshape(dy, []), rows > 0 ? 1 / rows : Number.NaN);
  return tf.mul(tf.mul(tf.neg(tf.logSoftmax(logits)), factor), upstream);
}

/**
 * The gradient of `LabelSmoothingCrossEntropyKernel`. It keeps the logits and the filled gradient (tfjs saves them
 * by sharing their memory); the targets' closure runs only when tfjs differentiates the targets (a learnable teacher,
 * `tf.grads` over them), never in `model.fit`, where targets are data. Labels are integers: their gradient is 0.
 */
export const lsceGradConfig: tf.GradConfig = {
  kernelName: LabelSmoothingCrossEntropyKernel,
  inputsToSave: ['logits', 'gradient'],
  gradFunc: (dy, saved, attrs) => {
    const [logits, gradient] = saved as [tf.Tensor, tf.Tensor];
    const upstream = dy as tf.Tensor;
    const options = attrs as unknown as LabelSmoothingCrossEntropyAttrs;
    return {
      logits: () => scaleGradient(gradient, upstream, options.reduction),
      targets: () => targetsGradient(logits, upstream, options),
      labels: () => tf.zeros(logits.shape.slice(0, -1)),
    };
  },
};
