import * as tf from '@tensorflow/tfjs-core';

import {
  LabelSmoothingCrossEntropyKernel,
  type LabelSmoothingCrossEntropyAttrs,
} from '../label-smoothing-cross-entropy-kernel';
import { rowUpstream, scaleRowGradient } from './row-loss-gradient';

/**
 * ∂ℓ/∂t_{n,c} = (1−ε)·w_c·(−log softmax(z_n)_c) times row n's upstream factor (probability targets: the 'mean'
 * divides by the row count). The confidence penalty's targets have the same gradient (its entropy does not depend on
 * them).
 */
export function crossEntropyTargetsGradient(
  logits: tf.Tensor,
  dy: tf.Tensor,
  attrs: Pick<LabelSmoothingCrossEntropyAttrs, 'epsilon' | 'reduction' | 'classWeights'>,
): tf.Tensor {
  const classes = logits.shape[logits.rank - 1] as number;
  const rows = logits.size / Math.max(classes, 1);
  const { epsilon, reduction, classWeights } = attrs;
  const factor = classWeights === undefined ? tf.scalar(1 - epsilon) : tf.mul(tf.tensor1d(classWeights), 1 - epsilon);
  return tf.mul(tf.mul(tf.neg(tf.logSoftmax(logits)), factor), rowUpstream(dy, reduction, rows));
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
      logits: () => scaleRowGradient(gradient, upstream, options.reduction),
      targets: () => crossEntropyTargetsGradient(logits, upstream, options),
      labels: () => tf.zeros(logits.shape.slice(0, -1)),
    };
  },
};
