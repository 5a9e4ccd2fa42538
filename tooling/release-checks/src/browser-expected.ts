import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softlabels/core';

import { browserCheckInputs } from '../browser/inputs';

/** What the browser page must report, computed in Node on the same backend. */
export async function expectedBrowserResults(): Promise<Record<string, unknown>> {
  const backend = await initBackend({ backend: 'wasm' });
  const gradient = tf.tidy(() =>
    Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.tensor1d(browserCheckInputs.gradientAt)).dataSync()),
  );
  return { backend, gradient };
}
