import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { randomCrop } from './random-crop';

/** Distinct values, so a crop's offset can be recovered. */
function numbered(shape: [number, number, number, number]): tf.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, index) => index + 1),
    shape,
  );
}

describe('randomCrop', () => {
  it('cuts every image from its zero-padded version at an offset in [0, 2·padding]', () => {
    const padding = 2;
    const images = numbered([6, 4, 5, 2]);
    const cropped = randomCrop(images, { padding, random: new RandomSource(3) });
    expect(cropped.shape).toEqual([6, 4, 5, 2]);
    const padded = tf.pad(images, [
      [0, 0],
      [padding, padding],
      [padding, padding],
      [0, 0],
    ]);
    const offsets = new Set<string>();
    for (let index = 0; index < 6; index += 1) {
      const got = Array.from(tf.slice(cropped, [index, 0, 0, 0], [1, 4, 5, 2]).dataSync());
      let found: string | undefined;
      for (let dy = 0; dy <= 2 * padding && found === undefined; dy += 1) {
        for (let dx = 0; dx <= 2 * padding && found === undefined; dx += 1) {
          const window = Array.from(tf.slice(padded, [index, dy, dx, 0], [1, 4, 5, 2]).dataSync());
          if (window.every((value, position) => value === got[position])) found = `${dy},${dx}`;
        }
      }
      expect(found).toBeDefined();
      offsets.add(found as string);
    }
    expect(offsets.size).toBeGreaterThan(1);
    tf.dispose([images, cropped, padded]);
  });

  it('keeps int32 images int32, values beyond float32 exact', () => {
    const shape: [number, number, number, number] = [3, 4, 4, 2];
    const offsets = numbered(shape);
    const images = tf.tensor4d(
      Array.from(offsets.dataSync(), (value) => 2 ** 25 + value),
      shape,
      'int32',
    );
    const cropped = randomCrop(images, { padding: 1, random: new RandomSource(5) });
    const croppedOffsets = randomCrop(offsets, { padding: 1, random: new RandomSource(5) });
    expect(cropped.dtype).toBe('int32');
    expect(Array.from(cropped.dataSync())).toEqual(
      Array.from(croppedOffsets.dataSync(), (value) => (value === 0 ? 0 : 2 ** 25 + value)),
    );
    tf.dispose([offsets, images, cropped, croppedOffsets]);
  });

  it('keeps bool images bool', () => {
    const shape: [number, number, number, number] = [3, 4, 4, 1];
    const bits = Array.from({ length: 48 }, (_, index) => (index % 3 === 0 ? 1 : 0));
    const images = tf.tensor4d(bits, shape, 'bool');
    const floats = tf.tensor4d(bits, shape);
    const cropped = randomCrop(images, { padding: 1, random: new RandomSource(6) });
    const croppedFloats = randomCrop(floats, { padding: 1, random: new RandomSource(6) });
    expect(cropped.dtype).toBe('bool');
    expect(Array.from(cropped.dataSync())).toEqual(Array.from(croppedFloats.dataSync()));
    tf.dispose([images, floats, cropped, croppedFloats]);
  });

  it('is reproducible for a seed and returns a copy for padding 0', () => {
    const images = numbered([3, 5, 5, 1]);
    const first = randomCrop(images, { padding: 1, random: new RandomSource(9) });
    const second = randomCrop(images, { padding: 1, random: new RandomSource(9) });
    expect(Array.from(first.dataSync())).toEqual(Array.from(second.dataSync()));
    const copy = randomCrop(images, { padding: 0, random: new RandomSource(9) });
    expect(copy).not.toBe(images);
    expect(Array.from(copy.dataSync())).toEqual(Array.from(images.dataSync()));
    tf.dispose([images, first, second, copy]);
  });

  it('rejects bad input with typed errors and leaks nothing', async () => {
    const flat = tf.zeros([4, 4, 1]);
    await expectNoLeak(() => {
      expect(() => randomCrop(flat, { padding: 1, random: new RandomSource(0) })).toThrow(ShapeMismatchError);
      expect(() => randomCrop(flat, { padding: 1, random: new RandomSource(0) })).toThrow(
        "Argument 'images' passed to 'randomCrop' must have rank 4",
      );
      expect(() => randomCrop(flat, { padding: -1, random: new RandomSource(0) })).toThrow(InvalidArgumentError);
      // A crop only moves pixels, so a NaN would pass through unnoticed.
      expect(() => randomCrop([[[[1], [Number.NaN]]]], { padding: 1, random: new RandomSource(0) })).toThrow(
        "Argument 'images' passed to 'randomCrop' must contain only finite values",
      );
      const images = tf.zeros([2, 4, 4, 1]);
      randomCrop(images, { padding: 3, random: new RandomSource(0) }).dispose();
      images.dispose();
    });
    flat.dispose();
  });
});
