import * as tf from '@tensorflow/tfjs-core';
import { checkFinite } from '@softlabels/core';

/**
 * `checkFinite` for large tensors: first reduces on the device and reads one number (the sum is finite exactly when
 * every element is finite, unless finite values overflow float32 when added); only when it is not finite does it scan
 * on the host, to name the first offending element (or pass, after an overflow of finite values).
 */
export function checkFiniteTensor(tensor: tf.Tensor, parameter: string, functionName: string): void {
  const total = tf.tidy(() => tf.sum(tensor).dataSync()[0] as number);
  if (!Number.isFinite(total)) checkFinite(tensor, parameter, functionName);
}
