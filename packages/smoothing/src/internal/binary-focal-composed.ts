import * as tf from '@tensorflow/tfjs-core';
import type { PreparedBinaryFocalOptions } from './binary-focal-options';
import { log1p } from './log1p';

/** The element-wise binary focal loss and its two closed-form partial derivatives, all of the logits' shape. */
export interface BinaryFocalParts {
  losses: tf.Tensor;
  /** ∂ℓ/∂z. */
  logitsGradient: tf.Tensor;
  /** ∂ℓ/∂t. */
  targetsGradient: tf.Tensor;
}

/**
 * torchvision's `sigmoid_focal_loss` element-wise, ℓ = α_t·ce·q^γ, with ce the binary cross-entropy from logits,
 * q = 1 − p_t = t·σ(−z) + (1 − t)·σ(z) and α_t = α·t + (1 − α)·(1 − t) (1 without α), from composed tfjs ops.
 *
 * Everything is formed from e = exp(−|z|) ∈ (0, 1], which cannot overflow. With a = t where z ≥ 0 and a = 1 − t where
 * z < 0, and b = 1 − a:
 * - q = (a·e + b)/(1 + e), so log q = log(a·e + b) − log1p(e) keeps its relative accuracy as q → 0 (no 1 − p
 *   cancellation), and q^γ = exp(γ·log q), exactly 1 for γ = 0;
 * - ce = max(z, 0) − z·t + log1p(e), and σ(z) − t = (1 − t)·σ(z) − t·σ(−z) (exact for hard targets);
 * - ∂ℓ/∂z = α_t·q^γ·[(σ(z) − t) + γ·(1 − 2t)·ce·r] with r = σ(z)·σ(−z)/q = e/((1 + e)·(a·e + b)) ∈ [0, 1], bounded
 *   where q^(γ−1) is not (γ < 1, q → 0);
 * - ∂ℓ/∂t = (2α − 1)·ce·q^γ + α_t·q^γ·[−z + γ·(ce/q)·(σ(−z) − σ(z))], where ce/q = ce·(1 + e)/(a·e + b) stays
 *   bounded as q → 0 (q ≥ min(t, 1 − t) for soft targets; ce/q → 1 for hard ones).
 *
 * Where a·e + b is 0 (a hard target on the side of a saturated logit, e underflowed), r and ce/q take their limit 1.
 */
export function binaryFocalParts(z: tf.Tensor, t: tf.Tensor, prepared: PreparedBinaryFocalOptions): BinaryFocalParts {
  const { gamma, alpha } = prepared;
  const e = tf.exp(tf.neg(tf.abs(z)));
  const nonNegative = tf.greaterEqual(z, 0);
  const complement = tf.sub(1, t);
  const a = tf.where(nonNegative, t, complement);
  const onePlusE = tf.add(e, 1);
  const logOnePlusE = log1p(e);
  // q·(1 + e)
  const scaledQ = tf.add(tf.mul(a, e), tf.sub(1, a));
  const crossEntropy = tf.add(tf.sub(tf.relu(z), tf.mul(z, t)), logOnePlusE);
  const modulating = gamma === 0 ? null : tf.exp(tf.mul(tf.sub(tf.log(scaledQ), logOnePlusE), gamma));
  const balance = alpha === null ? null : tf.add(tf.mul(t, 2 * alpha - 1), 1 - alpha);

  const focal = modulating === null ? crossEntropy : tf.mul(crossEntropy, modulating);
  const losses = balance === null ? focal : tf.mul(focal, balance);

  const high = tf.reciprocal(onePlusE);
  const low = tf.mul(e, high);
  const sigmoid = tf.where(nonNegative, high, low);
  const sigmoidOfNegative = tf.where(nonNegative, low, high);
  const residual = tf.sub(tf.mul(complement, sigmoid), tf.mul(t, sigmoidOfNegative));
  let logitsFactor = residual;
  let targetsFactor = tf.neg(z);
  if (modulating !== null) {
    const positive = tf.greater(scaledQ, 0);
    const one = tf.onesLike(scaledQ);
    const ratio = tf.where(positive, tf.div(low, scaledQ), one);
    const crossEntropyOverQ = tf.where(positive, tf.div(tf.mul(crossEntropy, onePlusE), scaledQ), one);
    const focusing = tf.mul(tf.mul(tf.sub(1, tf.mul(t, 2)), crossEntropy), ratio);
    logitsFactor = tf.mul(tf.add(residual, tf.mul(focusing, gamma)), modulating);
    const slope = tf.mul(crossEntropyOverQ, tf.sub(sigmoidOfNegative, sigmoid));
    targetsFactor = tf.mul(tf.add(targetsFactor, tf.mul(slope, gamma)), modulating);
  }
  const logitsGradient = balance === null ? logitsFactor : tf.mul(logitsFactor, balance);
  const targetsGradient =
    balance === null ? targetsFactor : tf.add(tf.mul(targetsFactor, balance), tf.mul(focal, 2 * (alpha as number) - 1));
  return { losses, logitsGradient, targetsGradient };
}
