import * as tf from '@tensorflow/tfjs-core';
import { checkRank, type TensorInput, toTensor } from '@softlabels/core';

import { prepareRandomHorizontalFlipOptions } from './internal/prepare-augmentation-options';
import type { RandomHorizontalFlipOptions } from './random-horizontal-flip-options';

/**
 * Mirrors each of `[N, H, W, C]` images left–right with probability `probability` (default 0.5), drawing one coin per
 * image from the seeded `random` source. Returns a new tensor; the input is untouched.
 *
 * @throws {InvalidArgumentError} for a probability outside [0, 1] or a missing random source.
 * @throws {ShapeMismatchError} unless the images have rank 4.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RandomSource } from '@softlabels/core';
 * import { randomHorizontalFlip } from '@softlabels/distillation';
 *
 * const images = tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]);
 * const flipped = randomHorizontalFlip(images, { probability: 1, random: new RandomSource(0) });
 * console.log(flipped.dataSync()); // [4, 3, 2, 1]
 * tf.dispose([images, flipped]);
 * ```
 */
export function randomHorizontalFlip(images: TensorInput, options: RandomHorizontalFlipOptions): tf.Tensor4D {
  const { probability, random } = prepareRandomHorizontalFlipOptions(options);
  return tf.tidy(() => {
    const input = toTensor(images, 'images', 'randomHorizontalFlip');
    checkRank(input, 'images', 'randomHorizontalFlip', { min: 4, max: 4 });
    const count = input.shape[0] as number;
    const coins = Array.from({ length: count }, () => (random.uniform() < probability ? 1 : 0));
    const mask = tf.cast(tf.tensor4d(coins, [count, 1, 1, 1], 'int32'), 'bool');
    return tf.where(mask, tf.reverse(input, 2), input) as tf.Tensor4D;
  });
}
