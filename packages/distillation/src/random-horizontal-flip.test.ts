import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { randomHorizontalFlip } from './random-horizontal-flip';

describe('randomHorizontalFlip', () => {
  it('mirrors along the width axis with probability 1 and never with probability 0', () => {
    const images = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1, 2, 3, 2]);
    const always = randomHorizontalFlip(images, { probability: 1, random: new RandomSource(0) });
    expect(Array.from(always.dataSync())).toEqual([5, 6, 3, 4, 1, 2, 11, 12, 9, 10, 7, 8]);
    const never = randomHorizontalFlip(images, { probability: 0, random: new RandomSource(0) });
    expect(Array.from(never.dataSync())).toEqual(Array.from(images.dataSync()));
    tf.dispose([images, always, never]);
  });

  it.each([
    ['int32', [2 ** 25 + 1, 2 ** 25 + 3, 7, 9], [7, 9, 2 ** 25 + 1, 2 ** 25 + 3]],
    ['bool', [1, 0, 0, 0], [0, 0, 1, 0]],
  ] as const)('keeps %s images in their dtype, values exact', (dtype, values, mirrored) => {
    const images = tf.tensor4d([...values], [1, 1, 2, 2], dtype);
    const flipped = randomHorizontalFlip(images, { probability: 1, random: new RandomSource(0) });
    expect(flipped.dtype).toBe(dtype);
    expect(Array.from(flipped.dataSync())).toEqual(mirrored);
    tf.dispose([images, flipped]);
  });

  it('flips about half of the images, each either kept or mirrored, reproducibly', () => {
    const count = 200;
    const images = tf.tensor4d(
      Array.from({ length: count * 4 }, (_, index) => index),
      [count, 1, 4, 1],
    );
    const flipped = randomHorizontalFlip(images, { random: new RandomSource(5) });
    const again = randomHorizontalFlip(images, { random: new RandomSource(5) });
    const got = flipped.dataSync();
    expect(Array.from(again.dataSync())).toEqual(Array.from(got));
    let mirrored = 0;
    for (let image = 0; image < count; image += 1) {
      const row = Array.from(got.slice(image * 4, image * 4 + 4));
      const original = [0, 1, 2, 3].map((k) => image * 4 + k);
      if (row.join() === [...original].reverse().join()) mirrored += 1;
      else expect(row).toEqual(original);
    }
    expect(mirrored).toBeGreaterThan(70);
    expect(mirrored).toBeLessThan(130);
    tf.dispose([images, flipped, again]);
  });

  it('rejects bad input with typed errors and leaks nothing', async () => {
    const images = tf.zeros([2, 3, 3, 1]);
    await expectNoLeak(() => {
      expect(() => randomHorizontalFlip([[1, 2]], { random: new RandomSource(0) })).toThrow(ShapeMismatchError);
      expect(() => randomHorizontalFlip(images, { probability: 2, random: new RandomSource(0) })).toThrow(
        InvalidArgumentError,
      );
      randomHorizontalFlip(images, { random: new RandomSource(0) }).dispose();
    });
    images.dispose();
  });
});
