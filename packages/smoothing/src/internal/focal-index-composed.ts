import * as tf from '@tensorflow/tfjs-core';
import { treeSum } from '@softlabels/core';
import { rowGammas } from './focal-gamma';
import type { PreparedFocalOptions } from './focal-options';
import { log1p } from './log1p';
import type { RowPass } from './lsce-composed';

/** Index-target rows without label smoothing: labels `[N]` int32, possibly holding `ignoreIndex`. */
export interface FocalIndexRowsInput {
  logits: tf.Tensor;
  labels: tf.Tensor;
  prepared: PreparedFocalOptions;
  functionName: string;
}

/**
 * The softmax focal loss's row kernel for class-index targets with ε = 0, from composed tfjs ops: only the labelled
 * class y carries a target, so the loss and the gradient's factor are per-row numbers and the full-width work is one
 * `tf.softmax` (one fused kernel on the `wasm` backend) and one gradient pass (the general kernel,
 * `focalRowsForward`, forms every class's term). The labelled entries are read with `gatherND` and kept apart with a
 * one-hot mask (`tf.oneHot`, so at least two classes; tfjs-backend-cpu's `TensorScatterUpdate` writes into its input).
 *
 * With c_n = m_n·α_y (m_n = 0 on ignored rows), f_n = (1 − p_y)^γ_n and r = log p_y / (1 − p_y):
 * ℓ_n = −c_n·f_n·log p_y, g_n = c_n·f_n·(1 − γ_n·p_y·r), and ∂ℓ_n/∂z_j = p_j·g_n for j ≠ y, −(1 − p_y)·g_n for j = y.
 *
 * Stability: 1 − p_y is q = Σ_{k≠y} p_k, summed with the label's entry set to 0 (no 1 − p cancellation); log(1 − p_y)
 * is log q; log p_y is log1p(−q) where p_y ≥ 1/2 (relative accuracy as p_y → 1) and (z_y − max) − log Σ elsewhere, with
 * log Σ = −log max_k p_k (finite where p_y underflows); r is −1 where q is 0. The label's gradient entry is −q·g_n.
 */
export function focalIndexRowsForward(input: FocalIndexRowsInput): RowPass {
  const { logits, labels, prepared, functionName } = input;
  const { alpha, ignoreIndex } = prepared;
  const [rows, classes] = logits.shape as [number, number];
  const valid = ignoreIndex === undefined ? null : tf.notEqual(labels, tf.scalar(ignoreIndex, 'int32'));
  const safeLabels = valid === null ? labels : tf.where(valid, labels, tf.zerosLike(labels));
  const positions = tf.stack([tf.range(0, rows, 1, 'int32'), safeLabels], 1);

  const isLabel = tf.oneHot(safeLabels, classes);
  const offLabelMask = tf.sub(1, isLabel);
  const probabilities = tf.softmax(logits);
  const probability = tf.gatherND(probabilities, positions);
  const complement = tf.sum(tf.mul(probabilities, offLabelMask), 1);
  const logSum = tf.neg(tf.log(tf.max(probabilities, 1)));
  const labelShifted = tf.sub(tf.gatherND(logits, positions), tf.max(logits, 1));
  const logProbability = tf.where(
    tf.greaterEqual(probability, 0.5),
    log1p(tf.neg(complement)),
    tf.sub(labelShifted, logSum),
  );
  const logComplement = tf.log(complement);

  const gamma = rowGammas(prepared.gamma, probability as tf.Tensor1D, prepared.checks, functionName);
  const gammaRow = typeof gamma === 'number' ? tf.scalar(gamma) : gamma;
  const modulating =
    gamma === 0
      ? tf.onesLike(probability)
      : tf.where(
          tf.equal(tf.broadcastTo(gammaRow, [rows]), 0),
          tf.onesLike(probability),
          tf.exp(tf.mul(gammaRow, logComplement)),
        );
  const mask = valid === null ? null : tf.cast(valid, 'float32');
  const weight = alpha === null ? null : tf.gather(tf.tensor1d(alpha), safeLabels);
  const weighted = weight === null ? modulating : tf.mul(modulating, weight);
  const c = mask === null ? weighted : tf.mul(weighted, mask);
  const losses = tf.neg(tf.mul(c, logProbability));
  const ratio = tf.where(tf.greater(complement, 0), tf.div(logProbability, complement), tf.fill([rows], -1));
  const g = tf.mul(c, tf.sub(1, tf.mul(tf.mul(gammaRow, probability), ratio)));
  const residuals = [probabilities, isLabel, offLabelMask, complement, g, mask ?? tf.ones([rows])];
  const meanDivisor = mask === null ? tf.scalar(rows) : treeSum(mask);

  const backward = (saved: tf.Tensor[], rowScale: tf.Tensor): tf.Tensor[] => {
    const [savedProbabilities, savedIsLabel, savedOffLabelMask, savedComplement, savedG, savedMask] = saved as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    // Ignored rows take no share of the upstream factor, so they keep a zero gradient also where the factor is NaN
    // ('mean' over no rows).
    const scale =
      ignoreIndex === undefined ? rowScale : tf.where(tf.cast(savedMask, 'bool'), rowScale, tf.zerosLike(rowScale));
    const factor = tf.mul(savedG, scale);
    const offLabel = tf.mul(tf.mul(savedProbabilities, tf.reshape(factor, [rows, 1])), savedOffLabelMask);
    const onLabel = tf.mul(savedIsLabel, tf.reshape(tf.neg(tf.mul(savedComplement, factor)), [rows, 1]));
    return [tf.add(offLabel, onLabel)];
  };
  return { losses, meanDivisor, residuals, backward };
}
