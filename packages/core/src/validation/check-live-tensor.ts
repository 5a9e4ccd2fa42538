import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNames } from './check-names';

/**
 * Throws an {@link InvalidArgumentError} naming the argument and the function when `tensor` is not a tensor (`null`,
 * an array) or has been disposed.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { checkLiveTensor } from '@softlabels/core';
 *
 * await tf.setBackend('cpu');
 * const logits = tf.zeros([2, 3]);
 * checkLiveTensor(logits, 'logits', 'myLoss'); // passes
 * logits.dispose();
 * ```
 */
export function checkLiveTensor(tensor: tf.Tensor, parameter: string, functionName: string): void {
  checkNames(parameter, functionName, 'checkLiveTensor');
  if (!((tensor as unknown) instanceof tf.Tensor)) {
    throw new InvalidArgumentError({ functionName, parameter, value: tensor, expected: 'be a tensor' });
  }
  if (tensor.isDisposed) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: tensor,
      expected: 'be a live tensor',
      got: 'a disposed tensor',
    });
  }
}
