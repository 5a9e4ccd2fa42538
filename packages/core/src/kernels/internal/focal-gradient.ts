import * as tf from '@tensorflow/tfjs-core';

import { type FocalLossAttrs, FocalLossKernel } from '../focal-loss-kernel';
import { rowUpstream, scaleRowGradient } from './row-loss-gradient';

/**
 * ∂ℓ/∂t_{n,c} = −(1−ε)·α_c·(1 − p_c)^γ·log p_c times row n's upstream factor (γ constant: the kernel takes the FLSD-53
 * schedule with index targets only).
 */
function focalTargetsGradient(logits: tf.Tensor, dy: tf.Tensor, attrs: FocalLossAttrs): tf.Tensor {
  const classes = logits.shape[logits.rank - 1] as number;
  const rows = logits.size / Math.max(classes, 1);
  const logProbabilities = tf.logSoftmax(logits);
  // pow(0, 0) = 1: γ = 0 is the cross-entropy's gradient also where p rounds to 1.
  const modulation = tf.pow(tf.sub(1, tf.exp(logProbabilities)), tf.scalar(attrs.gamma as number));
  const factor =
    attrs.alpha === undefined ? tf.scalar(1 - attrs.epsilon) : tf.mul(tf.tensor1d(attrs.alpha), 1 - attrs.epsilon);
  return tf.mul(tf.mul(tf.mul(tf.neg(logProbabilities), modulation), factor), rowUpstream(dy, attrs.reduction, rows));
}

/**
 * The gradient of `FocalLossKernel`: the filled gradient scaled by dy for the logits; probability targets' gradient
 * computed only when tfjs differentiates them; labels get 0.
 */
export const focalGradConfig: tf.GradConfig = {
  kernelName: FocalLossKernel,
  inputsToSave: ['logits', 'gradient'],
  gradFunc: (dy, saved, attrs) => {
    const [logits, gradient] = saved as [tf.Tensor, tf.Tensor];
    const upstream = dy as tf.Tensor;
    const options = attrs as unknown as FocalLossAttrs;
    return {
      logits: () => scaleRowGradient(gradient, upstream, options.reduction),
      targets: () => focalTargetsGradient(logits, upstream, options),
      labels: () => tf.zeros(logits.shape.slice(0, -1)),
    };
  },
};
