import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, RandomSource } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { cropAndFlip } from './crop-and-flip';
import { randomCrop } from './random-crop';
import { randomHorizontalFlip } from './random-horizontal-flip';

describe('cropAndFlip', () => {
  it('crops, then flips, drawing from the given source', async () => {
    const images = tf.tensor4d(
      Array.from({ length: 5 * 6 * 6 * 2 }, (_, index) => index),
      [5, 6, 6, 2],
    );
    await expectNoLeak(() => {
      const augmented = cropAndFlip({ padding: 2, flipProbability: 0.5 })(images, new RandomSource(21));
      const random = new RandomSource(21);
      const cropped = randomCrop(images, { padding: 2, random });
      const expected = randomHorizontalFlip(cropped, { probability: 0.5, random });
      expect(augmented.shape).toEqual([5, 6, 6, 2]);
      expect(Array.from(augmented.dataSync())).toEqual(Array.from(expected.dataSync()));
      tf.dispose([augmented, cropped, expected]);
    });
    images.dispose();
  });

  it('rejects bad options when it is built', () => {
    expect(() => cropAndFlip({ padding: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => cropAndFlip({ flipProbability: -1 })).toThrow("'options.flipProbability' passed to 'cropAndFlip'");
  });
});
