import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkNumber, TEMPERATURE_RANGE, toTensor, type TensorInput } from '@softlabels/core';

/**
 * Divides logits by a temperature: `z / T`, with T in [1e-4, 1e4] (`TEMPERATURE_RANGE` of `@softlabels/core`, where
 * float32 results stay finite for logits up to ±3e34). Softmax of the result gives the calibrated probabilities; the
 * argmax is unchanged. Logits holding NaN or ±Infinity are refused (an `InvalidArgumentError` naming `logits`).
 * Returns a new float32 tensor the caller disposes.
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
  checkNumber(temperature, 'temperature', 'applyTemperature', TEMPERATURE_RANGE);
  return tf.tidy(() => {
    const scores = toTensor(logits, 'logits', 'applyTemperature');
    checkFinite(scores, 'logits', 'applyTemperature');
    return tf.div(scores, tf.scalar(temperature));
  });
}
