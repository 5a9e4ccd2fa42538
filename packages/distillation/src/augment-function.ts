import type * as tf from '@tensorflow/tfjs-core';
import type { RandomSource } from '@softlabels/core';

/**
 * A random data augmentation: takes a batch and a seeded random source and returns a new, augmented batch of the
 * same shape (it must not dispose its input).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RandomSource } from '@softlabels/core';
 * import type { AugmentFunction } from '@softlabels/distillation';
 *
 * const jitter: AugmentFunction = (inputs, random) => tf.add(inputs, random.normal() * 0.1);
 * const batch = tf.zeros([2, 3]);
 * const augmented = jitter(batch, new RandomSource(0));
 * console.log(augmented.shape); // [2, 3]
 * tf.dispose([batch, augmented]);
 * ```
 */
export type AugmentFunction = (inputs: tf.Tensor, random: RandomSource) => tf.Tensor;
