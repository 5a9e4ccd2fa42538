import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RandomSource } from '@softlabels/core';

import type { DatasetSplit } from '../data/load-dataset';
import { cropAndFlipInto, type ImageGeometry } from './augment-images';

/**
 * A training loss from logits `[batch, classes]`, int32 labels `[batch]` and, when the trainer was given `targets`,
 * the batch's rows of them (e.g. a teacher's logits).
 */
export type TrainingLoss = (logits: tf.Tensor2D, labels: tf.Tensor1D, targets?: tf.Tensor2D) => tf.Scalar;

/** Padding (pixels) of the random crop of {@link TrainClassifierOptions.augment}, as in the paper. */
export const CROP_PADDING = 2;

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  /** Passes over the training split. */
  epochs: number;
  /** Rows per optimisation step (the last step of an epoch takes the remainder). */
  batchSize: number;
  /** Adam learning rate. */
  learningRate: number;
  /** The loss minimised, e.g. label-smoothed cross-entropy. */
  loss: TrainingLoss;
  /** Shuffles the rows each epoch. */
  random: RandomSource;
  /** Called after every epoch with its 1-based number and mean training loss; may be async. */
  onEpoch?: (epoch: number, meanLoss: number) => void | Promise<void>;
  /** Checked between steps; when aborted, training stops by throwing the signal's reason. */
  signal?: AbortSignal;
  /**
   * The geometry of the rows; when given, each epoch trains on a random crop (zero padding {@link CROP_PADDING}) and a
   * horizontal flip with probability ½ of every image, drawn from `random` after the epoch's shuffle.
   */
  augment?: ImageGeometry;
  /**
   * Per-row targets of an epoch's (shuffled, augmented) images in the order given, `[count, width]` flattened, e.g. a
   * teacher's logits on exactly the images the student sees; the loss receives each batch's rows. Trainers that use
   * the same `random` seed and split see the same images epoch by epoch, so a caller may cache the targets by epoch.
   */
  targets?: (images: Float32Array, count: number, epoch: number) => Promise<Float32Array>;
}

/**
 * Trains a tfjs-layers model (in training mode) with Adam on a host-side split, lean: each epoch shuffles (and, with
 * `augment`, crops and flips) the rows on the host, uploads one batch at a time (never slicing a big device tensor, which the wasm backend copies whole on every slice),
 * minimises `loss` over the model's trainable variables without reading anything back per step, and reads the
 * summed loss once per epoch.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createMlp } from './create-mlp';
 * import { trainClassifier } from './train-classifier';
 * const random = new RandomSource(0);
 * const model = createMlp({ inputs: 2, hidden: [8], classes: 2, random });
 * const split = { images: Float32Array.from([0, 1, 1, 0]), labels: Int32Array.from([0, 1]), count: 2 };
 * await trainClassifier(model, split, {
 *   epochs: 2, batchSize: 2, learningRate: 0.01, random,
 *   loss: (logits, labels) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), logits) as tf.Scalar,
 * });
 * ```
 */
export async function trainClassifier(
  model: tfl.LayersModel,
  split: DatasetSplit,
  options: TrainClassifierOptions,
): Promise<number[]> {
  const { epochs, batchSize, learningRate, loss, random, onEpoch, signal, augment, targets } = options;
  const features = split.images.length / split.count;
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const optimizer = tf.train.adam(learningRate);
  const shuffled = new Float32Array(split.images.length);
  const images = augment === undefined ? shuffled : new Float32Array(split.images.length);
  const labels = new Int32Array(split.count);
  const history: number[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch += 1) {
      const order = random.permutation(split.count);
      for (let row = 0; row < split.count; row += 1) {
        const source = order[row] as number;
        shuffled.set(split.images.subarray(source * features, (source + 1) * features), row * features);
        labels[row] = split.labels[source] as number;
      }
      if (augment !== undefined) cropAndFlipInto(shuffled, images, split.count, augment, CROP_PADDING, random);
      const epochTargets = targets === undefined ? undefined : await targets(images, split.count, epoch);
      const targetWidth = epochTargets === undefined ? 0 : epochTargets.length / split.count;
      let total: tf.Scalar = tf.scalar(0);
      let sum: number;
      try {
        for (let start = 0; start < split.count; start += batchSize) {
          signal?.throwIfAborted();
          const rows = Math.min(batchSize, split.count - start);
          const next = tf.tidy(() => {
            const x = tf.tensor2d(images.subarray(start * features, (start + rows) * features), [rows, features]);
            const y = tf.tensor1d(labels.subarray(start, start + rows), 'int32');
            const batchTargets =
              epochTargets === undefined
                ? undefined
                : tf.tensor2d(epochTargets.subarray(start * targetWidth, (start + rows) * targetWidth), [
                    rows,
                    targetWidth,
                  ]);
            const cost = optimizer.minimize(
              () => loss(model.apply(x, { training: true }) as tf.Tensor2D, y, batchTargets),
              true,
              variables,
            ) as tf.Scalar;
            return tf.add(total, tf.mul(cost, rows)) as tf.Scalar;
          });
          total.dispose();
          total = next;
        }
        sum = (await total.data())[0] as number;
      } finally {
        total.dispose();
      }
      history.push(sum / split.count);
      await onEpoch?.(epoch, sum / split.count);
      // Reading tensors on wasm resolves as a microtask, so without this the event loop (and a Ctrl-C handler)
      // would not run until training ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    optimizer.dispose();
  }
  return history;
}
