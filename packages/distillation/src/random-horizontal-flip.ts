import * as tf from '@tensorflow/tfjs-core';
import type { TensorInput } from '@softlabels/core';

import { prepareRandomHorizontalFlipOptions } from './internal/prepare-augmentation-options';
import { readImages } from './internal/read-images';
import type { RandomHorizontalFlipOptions } from './random-horizontal-flip-options';

/**
 * Mirrors each of `[N, H, W, C]` images left–right with probability `probability` (default 0.5), drawing one coin per
 * image from the seeded `random` source. Returns a new tensor of the input's dtype (float32, int32 or bool; arrays
 * give float32); the input is untouched.
 *
 * @throws {InvalidArgumentError} for a probability outside [0, 1], a missing random source or non-finite pixels.
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
    const input = readImages(images, 'randomHorizontalFlip');
    const count = input.shape[0] as number;
    const coins = Array.from({ length: count }, () => (random.uniform() < probability ? 1 : 0));
    const mask = tf.cast(tf.tensor4d(coins, [count, 1, 1, 1], 'int32'), 'bool');
    // tfjs-backend-wasm's Reverse reads bool tensors as 4-byte elements (wrong values, writes out of bounds): bool
    // images are flipped as int32.
    const pixels = input.dtype === 'bool' ? tf.cast(input, 'int32') : input;
    const flipped = tf.where(mask, tf.reverse(pixels, 2), pixels);
    return (input.dtype === 'bool' ? tf.cast(flipped, 'bool') : flipped) as tf.Tensor4D;
  });
}
