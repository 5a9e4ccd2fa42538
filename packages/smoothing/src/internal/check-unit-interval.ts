import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';

/**
 * Throws an {@link InvalidArgumentError} naming `parameter` and `functionName`, and the first offending value and its
 * flat index, unless every entry of `targets` lies in [0, 1] (NaN is the caller's finite check's to report). One
 * read-back of the minimum and maximum; the whole tensor only when one is out of range.
 */
export function checkUnitInterval(targets: tf.Tensor, parameter: string, functionName: string): void {
  // tfjs-backend-wasm's Min and Max leave their output unwritten for an empty input: no values, nothing to check.
  if (targets.size === 0) return;
  const [low, high] = tf.tidy(() => Array.from(tf.stack([tf.min(targets), tf.max(targets)]).dataSync()));
  if ((low as number) >= 0 && (high as number) <= 1) return;
  const data = targets.dataSync();
  const index = data.findIndex((value) => value < 0 || value > 1);
  throw new InvalidArgumentError({
    functionName,
    parameter,
    value: data[index],
    expected: 'hold probabilities in [0, 1]',
    got: `${data[index]} at flat index ${index}`,
  });
}
