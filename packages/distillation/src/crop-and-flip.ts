import * as tf from '@tensorflow/tfjs-core';

import type { AugmentFunction } from './augment-function';
import type { CropAndFlipOptions } from './crop-and-flip-options';
import { prepareCropAndFlipOptions } from './internal/prepare-augmentation-options';
import { randomCrop } from './random-crop';
import { randomHorizontalFlip } from './random-horizontal-flip';

/**
 * The paper's image augmentation as an {@link AugmentFunction}: a random crop with zero padding (default 4 pixels)
 * followed by a random horizontal flip (default probability 0.5), for `[N, H, W, C]` batches. Pass it to
 * {@link estimateLogitMutualInformation} or {@link distil}.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { RandomSource } from '@softlabels/core';
 * import { cropAndFlip } from '@softlabels/distillation';
 *
 * const augment = cropAndFlip({ padding: 2 });
 * const images = tf.randomUniform([4, 16, 16, 3]);
 * const augmented = augment(images, new RandomSource(1));
 * console.log(augmented.shape); // [4, 16, 16, 3]
 * tf.dispose([images, augmented]);
 * ```
 */
export function cropAndFlip(options?: CropAndFlipOptions): AugmentFunction {
  const { padding, flipProbability } = prepareCropAndFlipOptions(options);
  return (inputs, random) =>
    tf.tidy(() =>
      randomHorizontalFlip(randomCrop(inputs, { padding, random }), { probability: flipProbability, random }),
    );
}
