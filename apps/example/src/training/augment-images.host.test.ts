import { RandomSource } from '@softlabels/core';
import { definePropertySuite } from '@softlabels/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { cropAndFlipInto } from './augment-images';

/** The reference: shift by (dy, dx) after an optional horizontal flip, zeros outside, element by element. */
function reference(
  image: Float32Array,
  height: number,
  width: number,
  channels: number,
  dy: number,
  dx: number,
  flip: boolean,
): Float32Array {
  const out = new Float32Array(image.length);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const fromY = y + dy;
      const fromX = (flip ? width - 1 - x : x) + dx;
      for (let channel = 0; channel < channels; channel += 1) {
        const inside = fromY >= 0 && fromY < height && fromX >= 0 && fromX < width;
        out[(y * width + x) * channels + channel] = inside
          ? (image[(fromY * width + fromX) * channels + channel] as number)
          : 0;
      }
    }
  }
  return out;
}

definePropertySuite({
  name: 'cropAndFlipInto',
  properties: [
    {
      name: 'equals a shift of the (flipped) image with zero fill, with the draws it documents',
      arbitrary: fc.record({
        height: fc.integer({ min: 1, max: 6 }),
        width: fc.integer({ min: 1, max: 6 }),
        channels: fc.integer({ min: 1, max: 3 }),
        count: fc.integer({ min: 1, max: 4 }),
        padding: fc.integer({ min: 0, max: 3 }),
        seed: fc.integer({ min: 0, max: 1000 }),
      }),
      check: ({ height, width, channels, count, padding, seed }) => {
        const features = height * width * channels;
        const source = Float32Array.from({ length: count * features }, (_, index) => index + 1);
        const target = new Float32Array(source.length).fill(Number.NaN);
        cropAndFlipInto(source, target, count, { height, width, channels }, padding, new RandomSource(seed));
        const draws = new RandomSource(seed);
        for (let image = 0; image < count; image += 1) {
          const dy = draws.int(2 * padding + 1) - padding;
          const dx = draws.int(2 * padding + 1) - padding;
          const flip = draws.uniform() < 0.5;
          const original = source.subarray(image * features, (image + 1) * features);
          const expected = reference(original, height, width, channels, dy, dx, flip);
          expect(Array.from(target.subarray(image * features, (image + 1) * features))).toEqual(Array.from(expected));
        }
      },
      runs: 200,
    },
  ],
});

describe('cropAndFlipInto', () => {
  it('copies the images unchanged with no padding and no flip drawn', () => {
    const source = Float32Array.from({ length: 8 }, (_, index) => index);
    const target = new Float32Array(8);
    // Seed 1 draws no flip for its first image (checked against the reference above).
    const random = new RandomSource(1);
    const probe = new RandomSource(1);
    probe.int(1);
    probe.int(1);
    const flipped = probe.uniform() < 0.5;
    cropAndFlipInto(source, target, 1, { height: 2, width: 4, channels: 1 }, 0, random);
    expect(Array.from(target)).toEqual(flipped ? [3, 2, 1, 0, 7, 6, 5, 4] : [0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
