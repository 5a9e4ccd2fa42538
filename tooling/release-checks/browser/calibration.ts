// A calibration-only page: the README recipe's backend, a calibration metric and a gradient (which needs the
// gradients initBackend registers). Its bundle must not contain @tensorflow/tfjs-layers.
import * as tf from '@tensorflow/tfjs-core';
import { expectedCalibrationError } from '@softlabels/calibration';
import { initBackend } from '@softlabels/core';

import { browserCheckInputs as inputs } from './inputs';

const output = document.querySelector('#result') as HTMLElement;

try {
  const backend = await initBackend({ backend: 'wasm', wasmPaths: '/' });
  const ece = expectedCalibrationError({ probabilities: inputs.probabilities }, inputs.probabilityLabels, { bins: 5 });
  const gradient = tf.tidy(() =>
    Array.from(
      tf
        .grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d(inputs.gradientAt))
        .dataSync(),
    ),
  );
  output.textContent = JSON.stringify({ backend, ece, gradient });
} catch (error) {
  output.textContent = JSON.stringify({ error: String(error) });
}
output.dataset.done = 'true';
