import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, checkNumber, TEMPERATURE_RANGE, toTensor, type TensorInput } from '@softlabels/core';
import { readHost } from './internal/read-input';
import { readLogitsArgument } from './internal/read-logits-argument';

/** Each value divided by `temperature`, in the container it came in (see {@link applyTemperature}). */
function divided(level: unknown, temperature: number): unknown {
  if (level instanceof Float64Array) return level.map((value) => value / temperature);
  if (ArrayBuffer.isView(level))
    return Float32Array.from(level as unknown as ArrayLike<number>, (value) => value / temperature);
  return (level as readonly unknown[]).map((item) =>
    typeof item === 'number' ? item / temperature : divided(item, temperature),
  );
}

/**
 * Divides logits by a temperature: `z / T`, with T in [1e-4, 1e4] (`TEMPERATURE_RANGE` of `@softlabels/core`, where
 * float32 results stay finite for logits up to ±3e34). Softmax of the result gives the calibrated probabilities; the
 * argmax is unchanged. Logits holding NaN or ±Infinity are refused (an `InvalidArgumentError` naming `logits`).
 *
 * What comes back has the form of what went in, so it can go straight back into the metrics: a tensor gives a new
 * float32 tensor of the same shape, which the caller disposes; the metrics' `{ logits }` gives `{ logits }` (and
`{ probabilities }` is refused: temperature scaling divides logits); plain input gives plain output and needs no tfjs
 * backend — a (nested) number array the same nesting of numbers (divided in float64), a `Float64Array` a
 * `Float64Array`, any other typed array a `Float32Array` of the same length (rows stay where they were: a flat array
 * of N·K logits is still read as N rows by the metrics), an array of typed arrays an array of those.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { initBackend } from '@softlabels/core';
 * import { applyTemperature } from '@softlabels/calibration';
 *
 * console.log(applyTemperature([[2, 0, -2]], 2)); // [[1, 0, -1]]
 * console.log(applyTemperature(new Float32Array([2, 0, -2, 4, 0, 0]), 2)); // Float32Array [1, 0, -1, 2, 0, 0]
 * await initBackend({ backend: 'wasm' });
 * const scaled = applyTemperature(tf.tensor2d([[2, 0, -2]]), 2);
 * console.log(scaled.shape); // [1, 3]
 * const tagged = applyTemperature({ logits: scaled }, 0.5);
 * console.log(tagged.logits.arraySync()); // [[2, 0, -2]]
 * const probabilities = tf.softmax(scaled);
 * tf.dispose([scaled, probabilities, tagged.logits]);
 * ```
 */
export function applyTemperature(logits: tf.Tensor, temperature: number): tf.Tensor;
export function applyTemperature(logits: Float64Array, temperature: number): Float64Array;
export function applyTemperature(logits: ArrayBufferView & ArrayLike<number>, temperature: number): Float32Array;
export function applyTemperature(logits: readonly number[], temperature: number): number[];
export function applyTemperature(logits: readonly (readonly number[])[], temperature: number): number[][];
export function applyTemperature(logits: readonly Float32Array[], temperature: number): Float32Array[];
export function applyTemperature(logits: TensorInput, temperature: number): TensorInput;
export function applyTemperature(input: { logits: tf.Tensor }, temperature: number): { logits: tf.Tensor };
export function applyTemperature(input: { logits: TensorInput }, temperature: number): { logits: TensorInput };
export function applyTemperature(
  input: TensorInput | { logits: TensorInput },
  temperature: number,
): TensorInput | { logits: TensorInput } {
  const { value, parameter, tagged } = readLogitsArgument(input, 'applyTemperature');
  checkNumber(temperature, 'temperature', 'applyTemperature', TEMPERATURE_RANGE);
  const logits = value as TensorInput;
  let scaled: TensorInput;
  if (logits instanceof tf.Tensor) {
    scaled = tf.tidy(() => {
      const scores = toTensor(logits, parameter, 'applyTemperature');
      checkFinite(scores, parameter, 'applyTemperature');
      return tf.div(scores, tf.scalar(temperature));
    });
  } else {
    checkFinite(readHost(logits, parameter, 'applyTemperature').values, parameter, 'applyTemperature');
    scaled = divided(logits, temperature) as TensorInput;
  }
  return tagged ? { logits: scaled } : scaled;
}
