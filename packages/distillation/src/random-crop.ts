import * as tf from '@tensorflow/tfjs-core';
import { checkRank, type TensorInput, toTensor } from '@softlabels/core';

import { prepareRandomCropOptions, type RandomCropOptions } from './internal/prepare-augmentation-options';

/**
 * Random crop with zero padding, per image: pads `[N, H, W, C]` images by `padding` pixels on every side and cuts
 * an `H × W` window at an offset drawn uniformly from `[0, 2·padding]²` by the seeded `random` source (the standard
 * CIFAR augmentation the paper's mutual-information experiment uses). Returns a new tensor; the input is untouched.
 *
 * @throws {InvalidArgumentError} for a negative or fractional padding or a missing random source.
 * @throws {ShapeMismatchError} unless the images have rank 4.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RandomSource } from '@softlabels/core';
 * import { randomCrop } from '@softlabels/distillation';
 *
 * const images = tf.ones([2, 8, 8, 3]);
 * const cropped = randomCrop(images, { padding: 2, random: new RandomSource(7) });
 * console.log(cropped.shape); // [2, 8, 8, 3]
 * tf.dispose([images, cropped]);
 * ```
 */
export function randomCrop(images: TensorInput, options: RandomCropOptions): tf.Tensor4D {
  const { padding, random } = prepareRandomCropOptions(options);
  return tf.tidy(() => {
    const input = toTensor(images, 'images', 'randomCrop');
    checkRank(input, 'images', 'randomCrop', { min: 4, max: 4 });
    const [count, height, width, channels] = input.shape as [number, number, number, number];
    if (padding === 0 || count === 0) return tf.clone(input) as tf.Tensor4D;
    const padded = tf.pad(input, [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ]);
    const crops = Array.from({ length: count }, (_, index) =>
      tf.slice(
        padded,
        [index, random.int(2 * padding + 1), random.int(2 * padding + 1), 0],
        [1, height, width, channels],
      ),
    );
    return tf.concat(crops, 0) as tf.Tensor4D;
  });
}
