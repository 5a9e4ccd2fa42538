import * as tf from '@tensorflow/tfjs-core';
import type { TensorInput } from '@softlabels/core';

import { prepareRandomCropOptions } from './internal/prepare-augmentation-options';
import { readImages } from './internal/read-images';
import type { RandomCropOptions } from './random-crop-options';

/**
 * Random crop with zero padding, per image: pads `[N, H, W, C]` images by `padding` pixels on every side and cuts
 * an `H × W` window at an offset drawn uniformly from `[0, 2·padding]²` by the seeded `random` source (the standard
 * CIFAR augmentation the paper's mutual-information experiment uses). Returns a new tensor of the input's dtype
 * (float32, int32 or bool; arrays give float32); the input is untouched.
 *
 * @throws {InvalidArgumentError} for a negative or fractional padding, a missing random source or non-finite pixels.
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
    const input = readImages(images, 'randomCrop');
    const [count, height, width, channels] = input.shape as [number, number, number, number];
    if (padding === 0 || count === 0) return tf.clone(input) as tf.Tensor4D;
    // Cropped on the host in one pass: per-example tf.slice on the wasm backend copies the whole input each call,
    // O(N²) for N images.
    const source = input.dataSync();
    const cropped = new (source.constructor as new (length: number) => typeof source)(source.length);
    const rowSize = width * channels;
    const imageSize = height * rowSize;
    for (let index = 0; index < count; index += 1) {
      const top = random.int(2 * padding + 1) - padding;
      const left = random.int(2 * padding + 1) - padding;
      const columnsFrom = Math.max(0, -left);
      const columnsTo = Math.min(width, width - left);
      for (let row = 0; row < height; row += 1) {
        const sourceRow = row + top;
        if (sourceRow < 0 || sourceRow >= height || columnsTo <= columnsFrom) continue;
        const from = index * imageSize + sourceRow * rowSize + (columnsFrom + left) * channels;
        cropped.set(
          source.subarray(from, from + (columnsTo - columnsFrom) * channels),
          index * imageSize + row * rowSize + columnsFrom * channels,
        );
      }
    }
    return tf.tensor4d(cropped, [count, height, width, channels], input.dtype);
  });
}
