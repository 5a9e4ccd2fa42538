import * as tf from '@tensorflow/tfjs-core';

/**
 * log(1 + x) to float32 accuracy for x > −1 (Goldberg's form: log(u)·x/(u − 1) with u = 1 + x rounded, x where u is
 * 1). tfjs-backend-wasm's Log1p is log(1 + x), off by 2e-3 relative at x = 2e-5, which saturated rows would inherit.
 */
export function log1p(x: tf.Tensor): tf.Tensor {
  const u = tf.add(x, 1);
  const shift = tf.sub(u, 1);
  return tf.where(tf.equal(shift, 0), x, tf.mul(tf.log(u), tf.div(x, shift)));
}
