import * as tf from '@tensorflow/tfjs-core';

/**
 * The entropy H(p_n) = −Σ_c p_{n,c}·log p_{n,c} of softmax(z_n) for each row of `[N, C]` logits, `[N]`, built from
 * tfjs ops that tfjs differentiates (∂H/∂z_j = −p_j·(log p_j + H)).
 *
 * Stability: log p comes from `tf.logSoftmax` (shifted by the row's maximum) and p = exp(log p), so every term
 * −p_c·log p_c is a finite non-negative number (0 where p_c underflows, also for logits 1e4 apart): no cancellation and
 * no 0·log 0.
 */
export function rowEntropies(logits: tf.Tensor): tf.Tensor {
  const logProbabilities = tf.logSoftmax(logits);
  return tf.neg(tf.sum(tf.mul(tf.exp(logProbabilities), logProbabilities), 1));
}
