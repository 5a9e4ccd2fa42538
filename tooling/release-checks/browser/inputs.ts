import { RandomSource } from '@softlabels/core';

/** The inputs the browser page computes on; the check computes the same in Node and compares. */
export const browserCheckInputs = {
  gradientAt: [1, -2, 3],
  logits: [
    [2, 0.5, -1, 0],
    [-0.3, 1.7, 0.2, 0.9],
    [0, 0, 0, 0],
  ],
  labels: [0, 3, 2],
  epsilon: 0.1,
  probabilities: [
    [0.7, 0.2, 0.1],
    [0.1, 0.85, 0.05],
    [0.4, 0.35, 0.25],
    [0.2, 0.2, 0.6],
    [0.05, 0.05, 0.9],
  ],
  probabilityLabels: [0, 1, 1, 2, 0],
};

/** Shape of the conv net's training batch: images are `batch × size × size × 1`, labels `0 … classes − 1`. */
const convNet = { batch: 6, size: 12, classes: 10 };
const dataRandom = new RandomSource(7);

/** The conv-net training step the page takes: a seeded batch, the weights' seed, the loss's ε and SGD's rate. */
export const convNetCheckInputs = {
  ...convNet,
  /** Pixel values in [0, 1), image after image, row after row. */
  images: Array.from({ length: convNet.batch * convNet.size * convNet.size }, () => dataRandom.uniform()),
  labels: Array.from({ length: convNet.batch }, () => dataRandom.int(convNet.classes)),
  /** Seed of the initial weights (see {@link seededUniform}), drawn in the order of `model.weights`. */
  weightSeed: 11,
  epsilon: 0.1,
  learningRate: 0.05,
};

/**
 * `count` values uniform in [−limit, limit) from `random`: drawn from `uniform()` alone (no transcendental
 * functions), so the page and Node get the same bits.
 */
export function seededUniform(random: RandomSource, count: number, limit: number): number[] {
  return Array.from({ length: count }, () => (2 * random.uniform() - 1) * limit);
}
