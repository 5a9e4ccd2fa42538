import * as tf from '@tensorflow/tfjs-core';

/**
 * The entropy H(p_n) = −Σ_c p_{n,c}·log p_{n,c} of softmax(z_n) for each row of `[N, C]` logits, `[N]`, with its
 * closed-form gradient ∂H/∂z_j = −p_j·(log p_j + H) through `tf.customGrad`. The probabilities come from
 * `tf.softmax` (one fused kernel on the `wasm` backend); nothing else exponentiates.
 *
 * Stability: with s = z − max (≤ 0) and log Σ = −log max_c p_c (the largest class has s = 0, so p = 1/Σ there), the
 * entropy is formed as log Σ + Σ_c p_c·(−s_c), a sum of non-negative terms: no cancellation and no 0·log 0, also for
 * logits 1e4 apart (p_c underflows to 0 and its term with it). The gradient is −p_j·(s_j − log Σ + H).
 */
export function rowEntropies(logits: tf.Tensor): tf.Tensor {
  const rows = logits.shape[0] as number;
  const entropy = tf.customGrad(((...args: unknown[]) => {
    const save = args[1] as tf.GradSaveFunc;
    const z = args[0] as tf.Tensor;
    const probabilities = tf.softmax(z);
    const shifted = tf.sub(z, tf.max(z, 1, true));
    const logTotal = tf.neg(tf.log(tf.max(probabilities, 1)));
    const value = tf.sub(logTotal, tf.sum(tf.mul(probabilities, shifted), 1));
    // log p_j + H = s_j + (H − log Σ)
    save([probabilities, shifted, tf.reshape(tf.sub(value, logTotal), [rows, 1])]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const [savedProbabilities, savedShifted, offset] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const logProbabilityPlusEntropy = tf.add(savedShifted, offset);
      return tf.mul(tf.mul(savedProbabilities, logProbabilityPlusEntropy), tf.reshape(tf.neg(dy), [rows, 1]));
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return entropy(logits);
}
