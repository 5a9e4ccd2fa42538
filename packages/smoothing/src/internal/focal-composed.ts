import * as tf from '@tensorflow/tfjs-core';
import { treeSum } from '@softlabels/core';
import type { RowPass } from './lsce-composed';
import { rowGammas } from './focal-gamma';
import type { PreparedFocalOptions } from './focal-options';
import { log1p } from './log1p';

/**
 * The row kernel of the softmax focal loss, built from composed tfjs ops.
 *
 * Row n of the `[N, C]` logits z has the weighted, smoothed, masked target c_n = m_n·α ⊙ ((1−ε)·t_n + ε/C), the
 * modulating factor f_{n,k} = (1 − p_{n,k})^γ_n and the loss ℓ_n = −Σ_k c_{n,k}·f_{n,k}·log p_{n,k}. With γ held
 * constant, its closed-form gradient is ∂ℓ_n/∂z_{n,j} = p_j·Σ_k g_k − g_j = p_j·Σ_{k≠j} g_k − (1 − p_j)·g_j, where
 * g_k = c_k·(f_k − γ·p_k·(1 − p_k)^(γ−1)·log p_k) = c_k·f_k·(1 − γ·p_k·r_k) and r_k = log p_k / (1 − p_k) ∈ [−∞, −1].
 *
 * Stability:
 * - log p is (z − max) − log1p(S), S = Σ exp(z_j − max) over every class but the (first) largest, so log p of the
 *   largest class, −log1p(S), keeps its relative accuracy where p rounds to 1 in float32.
 * - log(1 − p) is log S − log1p(S) for the largest class (exact as p → 1; −∞ once S underflows) and log1p(−p) for the
 *   others (p ≤ 1/2 there). (1 − p)^γ = exp(γ·log(1 − p)), and exactly 1 where γ = 0 (0^0 = 1: cross-entropy).
 * - The factor (1 − p)^(γ−1), unbounded as p → 1 for γ < 1, never appears alone: r_k is its product with log p,
 *   which tends to −1, and r_k is taken as −1 where 1 − p is 0, so saturated rows (and γ < 1) give finite gradients.
 *
 * Forward also computes g (and, for probability targets, ∂ℓ/∂t = (1−ε)·α·f·(−log p)), which backward only scales.
 */
export interface FocalRowsInput {
  logits: tf.Tensor;
  /** Index targets `[N]` int32 (possibly holding `ignoreIndex`), or null. */
  labels: tf.Tensor | null;
  /** Probability targets `[N, C]` float32, or null. */
  targets: tf.Tensor | null;
  prepared: PreparedFocalOptions;
  functionName: string;
}

function column(values: tf.Tensor): tf.Tensor {
  return tf.reshape(values, [values.shape[0] as number, 1]);
}

interface LogParts {
  /** softmax(z), `[N, C]`. */
  probabilities: tf.Tensor;
  /** log softmax(z), `[N, C]`. */
  logProbabilities: tf.Tensor;
  /** log(1 − softmax(z)), `[N, C]`. */
  logComplements: tf.Tensor;
}

/** `[N, C]` booleans: column k of row n is `indices[n] === k` (tf.oneHot refuses a depth of 1). */
function indicator(indices: tf.Tensor, classes: number): tf.Tensor {
  return tf.equal(tf.reshape(tf.range(0, classes, 1, 'int32'), [1, classes]), column(indices));
}

function logParts(logits: tf.Tensor): LogParts {
  const classes = logits.shape[1] as number;
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const isLargest = indicator(tf.argMax(logits, 1), classes);
  const others = tf.sum(tf.where(isLargest, tf.zerosLike(shifted), tf.exp(shifted)), 1, true);
  const logSum = log1p(others);
  const logProbabilities = tf.sub(shifted, logSum);
  const probabilities = tf.exp(logProbabilities);
  const logComplements = tf.where(
    isLargest,
    tf.broadcastTo(tf.sub(tf.log(others), logSum), shifted.shape),
    log1p(tf.neg(probabilities)),
  );
  return { probabilities, logProbabilities, logComplements };
}

/** The per-row losses, 'mean''s divisor and the gradients' factors; see the module comment for the formulas. */
export function focalRowsForward(input: FocalRowsInput): RowPass {
  const { logits, labels, targets, prepared, functionName } = input;
  const { epsilon, alpha, ignoreIndex } = prepared;
  const [rows, classes] = logits.shape as [number, number];
  const { probabilities, logProbabilities, logComplements } = logParts(logits);

  let mask: tf.Tensor | null = null;
  let raw: tf.Tensor;
  if (labels === null) {
    raw = targets as tf.Tensor;
  } else {
    const valid = ignoreIndex === undefined ? null : tf.notEqual(labels, tf.scalar(ignoreIndex, 'int32'));
    const safeLabels = valid === null ? labels : tf.where(valid, labels, tf.zerosLike(labels));
    mask = valid === null ? null : tf.cast(valid, 'float32');
    raw = tf.cast(indicator(safeLabels, classes), 'float32');
  }
  const trueClassProbability = tf.sum(tf.mul(raw, probabilities), 1) as tf.Tensor1D;
  const gamma = rowGammas(prepared.gamma, trueClassProbability, prepared.checks, functionName);
  const gammaColumn = typeof gamma === 'number' ? tf.scalar(gamma) : gamma.rank === 0 ? gamma : column(gamma);

  const smoothed = epsilon > 0 ? tf.add(tf.mul(raw, 1 - epsilon), epsilon / classes) : raw;
  const alphaRow = alpha === null ? null : tf.tensor2d(alpha, [1, classes]);
  const weighted = alphaRow === null ? smoothed : tf.mul(smoothed, alphaRow);
  const c = mask === null ? weighted : tf.mul(weighted, column(mask));

  const modulating =
    gamma === 0
      ? tf.onesLike(logProbabilities)
      : tf.where(
          tf.equal(tf.broadcastTo(gammaColumn, logProbabilities.shape), 0),
          tf.onesLike(logProbabilities),
          tf.exp(tf.mul(gammaColumn, logComplements)),
        );
  const negativeLogProbabilities = tf.neg(logProbabilities);
  const losses = tf.sum(tf.mul(tf.mul(c, modulating), negativeLogProbabilities), 1);

  const complements = tf.exp(logComplements);
  const ratio = tf.where(
    tf.greater(complements, 0),
    tf.div(logProbabilities, complements),
    tf.fill(logProbabilities.shape, -1),
  );
  const g = tf.mul(tf.mul(c, modulating), tf.sub(1, tf.mul(tf.mul(gammaColumn, probabilities), ratio)));
  const residuals = [probabilities, complements, g, mask ?? tf.ones([rows])];
  if (targets !== null) {
    const factor = tf.mul(modulating, negativeLogProbabilities);
    residuals.push(tf.mul(alphaRow === null ? factor : tf.mul(factor, alphaRow), 1 - epsilon));
  }
  const meanDivisor = mask === null ? tf.scalar(rows) : treeSum(mask);

  const backward = (saved: tf.Tensor[], rowScale: tf.Tensor): tf.Tensor[] => {
    const [savedProbabilities, savedComplements, savedG, savedMask, targetFactor] = saved as [
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
      tf.Tensor,
    ];
    // Ignored rows take no share of the upstream factor, so they keep a zero gradient also where the factor is NaN
    // ('mean' over no rows).
    const scale = column(
      ignoreIndex === undefined ? rowScale : tf.where(tf.cast(savedMask, 'bool'), rowScale, tf.zerosLike(rowScale)),
    );
    // p_j·Σ_k g_k − g_j, written as p_j·(Σ_{k≠j} g_k) − (1 − p_j)·g_j with the exact 1 − p_j: where p_j rounds to 1
    // the plain form cancels to float32 noise.
    const others = tf.sub(column(tf.sum(savedG, 1)), savedG);
    const logitsGradient = tf.mul(tf.sub(tf.mul(savedProbabilities, others), tf.mul(savedComplements, savedG)), scale);
    return targets === null ? [logitsGradient] : [logitsGradient, tf.mul(targetFactor, scale)];
  };
  return { losses, meanDivisor, residuals, backward };
}
