import * as tf from '@tensorflow/tfjs-core';
import { negativeLogSoftmax } from './lsce-composed';

/** What the probability targets' gradient needs besides the upstream per-row factors. */
export interface TargetGradientInput {
  /** The logits, any shape of N·C elements (a `[N, C]` reshape is saved, so the tape never disposes the caller's). */
  logits: tf.Tensor;
  rows: number;
  classes: number;
  /** The probability targets, any shape of N·C elements; their gradient gets this shape. */
  targets: tf.Tensor;
  epsilon: number;
  classWeights: Float32Array | null;
}

/**
 * A `[N]` tensor of zeros, computed from the probability targets, whose gradient with respect to the targets is
 * ∂ℓ_n/∂t_{n,c} = (1−ε)·w_c·(−log softmax(z_n)_c) times its upstream value dy_n. The fused loss takes it as an
 * input in place of the targets and passes the per-row upstream factor back to it, so the targets' gradient is
 * carried by this separate node: tfjs prunes it from the tape unless the targets lie on a path from what is
 * differentiated, so the log-softmax it needs is computed only for learnable targets (`tf.grads` over them, a
 * teacher's logits…), never in `model.fit` with data targets. The fused kernel itself never produces log-softmax.
 */
export function targetGradientCarrier(input: TargetGradientInput): tf.Tensor {
  const { epsilon, classWeights, rows, classes } = input;
  const logits = tf.reshape(input.logits, [rows, classes]);
  const targetShape = [...input.targets.shape];
  const carrier = tf.customGrad(((_targets: tf.Tensor, save: tf.GradSaveFunc) => {
    save([logits]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      const factor =
        classWeights === null ? tf.scalar(1 - epsilon) : tf.mul(tf.tensor2d(classWeights, [1, classes]), 1 - epsilon);
      const scaled = tf.mul(tf.mul(negativeLogSoftmax(saved[0] as tf.Tensor), factor), tf.reshape(dy, [rows, 1]));
      return tf.reshape(scaled, targetShape);
    };
    return { value: tf.zeros([rows]), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return carrier(input.targets);
}
