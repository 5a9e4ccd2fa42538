import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, toTensor, type TensorInput } from '@softlabels/core';

/**
 * Divides logits by a temperature: `z / T` (T > 0). Softmax of the result gives the calibrated probabilities; the
 * argmax is unchanged. Returns a new float32 tensor the caller disposes.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { applyTemperature } from '@softlabels/calibration';
 *
 * await initBackend({ backend: 'wasm' });
 * const scaled = applyTemperature([[2, 0, -2]], 2);
 * console.log(scaled.arraySync()); // [[1, 0, -1]]
 * const probabilities = tf.softmax(scaled);
 * tf.dispose([scaled, probabilities]);
 * ```
 */
export function applyTemperature(logits: TensorInput, temperature: number): tf.Tensor {
  checkNumber(temperature, 'temperature', 'applyTemperature', { min: 0, minExclusive: true });
  return tf.tidy(() => tf.div(toTensor(logits, 'logits', 'applyTemperature'), tf.scalar(temperature)));
}
