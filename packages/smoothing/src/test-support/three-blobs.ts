import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';

/**
 * Three Gaussian blobs in 4-D, `count` points each, with their class indices: point `index` belongs to class
 * `labelOf(index)`, its coordinates drawn around that class's centre from a `RandomSource` seeded with `seed`.
 */
export function threeBlobs(
  count: number,
  seed: number,
  labelOf: (index: number) => number = (index) => index % 3,
): { x: tf.Tensor2D; labels: number[] } {
  const random = new RandomSource(seed);
  const centres = [
    [2, 0, 0, 1],
    [-2, 1, 0, -1],
    [0, -2, 2, 0],
  ];
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let index = 0; index < 3 * count; index += 1) {
    const label = labelOf(index);
    rows.push((centres[label] as number[]).map((centre) => centre + random.normal()));
    labels.push(label);
  }
  return { x: tf.tensor2d(rows), labels };
}
