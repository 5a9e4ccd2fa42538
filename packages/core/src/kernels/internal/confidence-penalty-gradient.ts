import * as tf from '@tensorflow/tfjs-core';

import { type ConfidencePenaltyAttrs, ConfidencePenaltyKernel } from '../confidence-penalty-kernel';
import { crossEntropyTargetsGradient } from './lsce-gradient';
import { scaleRowGradient } from './row-loss-gradient';

/**
 * The gradient of `ConfidencePenaltyKernel`: the filled gradient scaled by dy for the logits; probability targets get
 * the cross-entropy term's gradient (the entropy does not depend on them), computed only when tfjs differentiates
 * them; labels get 0.
 */
export const confidencePenaltyGradConfig: tf.GradConfig = {
  kernelName: ConfidencePenaltyKernel,
  inputsToSave: ['logits', 'gradient'],
  gradFunc: (dy, saved, attrs) => {
    const [logits, gradient] = saved as [tf.Tensor, tf.Tensor];
    const upstream = dy as tf.Tensor;
    const options = attrs as unknown as ConfidencePenaltyAttrs;
    return {
      logits: () => scaleRowGradient(gradient, upstream, options.reduction),
      targets: () => crossEntropyTargetsGradient(logits, upstream, options),
      labels: () => tf.zeros(logits.shape.slice(0, -1)),
    };
  },
};
