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
 * Where a·e + b is 0 (a hard target on the side of a saturated logit, e underflowed), ce and q^γ are 0 too, so r and
 * ce/q are formed with a·e + b raised to the smallest normal float32 rather than selected. σ(±z) come from
 * `tf.sigmoid` (one fused kernel on the `wasm` backend), and q^γ for γ = 1 … 4 from q = (a·e + b)/(1 + e) multiplied
 * by itself, so the default γ = 2 takes no logarithm or exponential beyond e and log1p(e).
 */
/** Below this, (a·e + b) is taken as this in the bounded ratios: where it is 0 their other factor is 0 as well. */
const SMALLEST_NORMAL = 1.1754944e-38;

/** q^γ by repeated multiplication for these integer γ (the common 1, 2, 3 and 4), exp(γ·log q) otherwise. */
const LARGEST_MULTIPLIED_GAMMA = 4;

export function binaryFocalParts(z: tf.Tensor, t: tf.Tensor, prepared: PreparedBinaryFocalOptions): BinaryFocalParts {
  const { gamma, alpha } = prepared;
  const e = tf.exp(tf.neg(tf.abs(z)));
  const complement = tf.sub(1, t);
  // a = t where z ≥ 0, 1 − t where z < 0, as t + [z ≥ 0]·... without a select: t + [z < 0]·(1 − 2t).
  const twiceTargetLessOne = tf.sub(tf.mul(t, 2), 1);
  const a = tf.sub(t, tf.mul(tf.cast(tf.less(z, 0), 'float32'), twiceTargetLessOne));
  const onePlusE = tf.add(e, 1);
  const high = tf.reciprocal(onePlusE);
  const logOnePlusE = log1p(e);
  // q·(1 + e)
  const scaledQ = tf.add(tf.mul(a, e), tf.sub(1, a));
  const crossEntropy = tf.add(tf.sub(tf.relu(z), tf.mul(z, t)), logOnePlusE);
  let modulating: tf.Tensor | null = null;
  if (Number.isInteger(gamma) && gamma > 0 && gamma <= LARGEST_MULTIPLIED_GAMMA) {
    const q = tf.mul(scaledQ, high);
    modulating = q;
    for (let power = 1; power < gamma; power += 1) modulating = tf.mul(modulating, q);
  } else if (gamma !== 0) {
    modulating = tf.exp(tf.mul(tf.sub(tf.log(scaledQ), logOnePlusE), gamma));
  }
  const balance = alpha === null ? null : tf.add(tf.mul(t, 2 * alpha - 1), 1 - alpha);

  const focal = modulating === null ? crossEntropy : tf.mul(crossEntropy, modulating);
  const losses = balance === null ? focal : tf.mul(focal, balance);

  const sigmoid = tf.sigmoid(z);
  const sigmoidOfNegative = tf.sigmoid(tf.neg(z));
  const residual = tf.sub(tf.mul(complement, sigmoid), tf.mul(t, sigmoidOfNegative));
  let logitsFactor = residual;
  let targetsFactor = tf.neg(z);
  if (modulating !== null) {
    const guardedQ = tf.maximum(scaledQ, SMALLEST_NORMAL);
    const ratio = tf.div(tf.mul(e, high), guardedQ);
    const crossEntropyOverQ = tf.div(tf.mul(crossEntropy, onePlusE), guardedQ);
    const focusing = tf.mul(tf.mul(tf.neg(twiceTargetLessOne), crossEntropy), ratio);
    logitsFactor = tf.mul(tf.add(residual, tf.mul(focusing, gamma)), modulating);
    const slope = tf.mul(crossEntropyOverQ, tf.sub(sigmoidOfNegative, sigmoid));
    targetsFactor = tf.mul(tf.add(targetsFactor, tf.mul(slope, gamma)), modulating);
  }
  const logitsGradient = balance === null ? logitsFactor : tf.mul(logitsFactor, balance);
  const targetsGradient =
    balance === null ? targetsFactor : tf.add(tf.mul(targetsFactor, balance), tf.mul(focal, 2 * (alpha as number) - 1));
  return { losses, logitsGradient, targetsGradient };
}
