import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `body` (sync or async) and throws if it leaves more (or fewer) live tensors than it found. Return values that
 * are tensors count as leaks unless `body` disposes them, so dispose results inside the body.
 */
export async function expectNoLeak(body: () => unknown): Promise<void> {
  const before = tf.memory().numTensors;
  await body();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`expectNoLeak: ${after - before} tensor(s) leaked (${before} before, ${after} after)`);
  }
}
