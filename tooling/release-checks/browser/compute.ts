import * as tf from '@tensorflow/tfjs-core';
import { expectedCalibrationError } from '@softlabels/calibration';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';

import { computeConvNetStep } from './conv-net-step';
import { browserCheckInputs as inputs } from './inputs';

/** The numbers the page and Node must agree on (the backend must already be initialised). */
export function computeCheckValues(): Record<string, unknown> {
  const values = tf.tidy(() => {
    const gradient = Array.from(
      tf
        .grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d(inputs.gradientAt))
        .dataSync(),
    );
    const logits = tf.tensor2d(inputs.logits);
    const labels = tf.tensor1d(inputs.labels, 'int32');
    const { value, grad } = tf.valueAndGrad(
      (z: tf.Tensor) => labelSmoothingCrossEntropy(z, labels, { epsilon: inputs.epsilon }) as tf.Scalar,
    )(logits);
    const ece = expectedCalibrationError({ probabilities: inputs.probabilities }, inputs.probabilityLabels, {
      bins: 5,
    });
    return {
      gradient,
      labelSmoothingLoss: value.dataSync()[0],
      labelSmoothingGradient: Array.from(grad.dataSync()),
      ece,
    };
  });
  return { ...values, convNet: computeConvNetStep() };
}
