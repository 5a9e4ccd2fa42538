import * as tf from '@tensorflow/tfjs-core';

import { NoActiveBackendError } from '../errors/no-active-backend-error';

/**
 * Throws {@link NoActiveBackendError} naming the argument and function when tfjs has no backend to create a tensor
 * on: none registered (only `@tensorflow/tfjs-core` imported), or one still initialising. A registered backend that
 * was never activated is activated, as `tf.tensor` would.
 * @internal
 */
export function checkActiveBackend(parameter: string, functionName: string): void {
  try {
    tf.backend();
  } catch (cause) {
    throw new NoActiveBackendError({ functionName, parameter, cause });
  }
}
