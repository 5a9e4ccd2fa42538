import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.tidy` for functions that return plain data (numbers, objects): every tensor created inside is disposed when
 * `body` returns or throws.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { scoped } from './scoped';
 * const total = scoped(() => tf.sum(tf.tensor1d([1, 2])).dataSync()[0]); // 3, nothing leaked
 * ```
 */
export function scoped<T>(body: () => T): T {
  const engine = tf.engine();
  engine.startScope('scoped');
  let result: T | undefined;
  try {
    result = body();
    return result;
  } finally {
    engine.endScope(result as tf.TensorContainer);
  }
}
