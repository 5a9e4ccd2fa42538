import type { RandomSource } from '@softlabels/core';

/** Image geometry of flattened rows: `height · width · channels` values per row, channels last. */
export interface ImageGeometry {
  height: number;
  width: number;
  channels: number;
}

/**
 * Writes a random crop with `padding` pixels of zero padding and a horizontal flip with probability ½ of each of the
 * `count` images of `source` into `target` (both flattened rows, channels last): the paper's augmentation, on the
 * host, so that a training step uploads one finished batch. Each image draws its vertical and horizontal offset
 * (uniform in [−padding, padding]) and then its flip from `random`, in that order, so a given seed gives the same
 * images whatever else runs.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { cropAndFlipInto } from './augment-images';
 * const image = Float32Array.from({ length: 9 }, (_, index) => index + 1); // one 3×3 image
 * const out = new Float32Array(9);
 * cropAndFlipInto(image, out, 1, { height: 3, width: 3, channels: 1 }, 1, new RandomSource(0));
 * console.log(out.filter((value) => value === 0).length <= 5); // true: at most a row and a column of padding
 * ```
 */
export function cropAndFlipInto(
  source: Float32Array,
  target: Float32Array,
  count: number,
  geometry: ImageGeometry,
  padding: number,
  random: RandomSource,
): void {
  const { height, width, channels } = geometry;
  const rowLength = width * channels;
  const features = height * rowLength;
  for (let image = 0; image < count; image += 1) {
    const dy = random.int(2 * padding + 1) - padding;
    const dx = random.int(2 * padding + 1) - padding;
    const flip = random.uniform() < 0.5;
    const base = image * features;
    for (let y = 0; y < height; y += 1) {
      const fromY = y + dy;
      const out = base + y * rowLength;
      if (fromY < 0 || fromY >= height) {
        target.fill(0, out, out + rowLength);
        continue;
      }
      const from = base + fromY * rowLength;
      for (let x = 0; x < width; x += 1) {
        const fromX = (flip ? width - 1 - x : x) + dx;
        const at = out + x * channels;
        if (fromX < 0 || fromX >= width) {
          target.fill(0, at, at + channels);
        } else {
          for (let channel = 0; channel < channels; channel += 1) {
            target[at + channel] = source[from + fromX * channels + channel] as number;
          }
        }
      }
    }
  }
}
