import * as tf from '@tensorflow/tfjs-core';
import { cropAndFlip, estimateLogitMutualInformation } from '@softlabels/distillation';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { DistillationResults } from '../report/results';
import type { RunContext } from './run-context';

/** Rows per forward pass of an estimate. */
const PREDICT_CHUNK = 500;

/** Records Î(X; z_a − z_b) during training of seed 0's baseline and largest-ε networks. */
export interface MutualInformationTracker {
  /** The stage-1 epoch hook. */
  onEpoch(model: tfl.LayersModel, seed: number, epsilon: number, epoch: number): Promise<void>;
  /** The curves recorded so far, for `results.json`. */
  result(): DistillationResults['mutualInformation'];
  /** Wall time spent in the estimates so far. */
  seconds(): number;
  /** Frees the example batch. */
  dispose(): void;
}

/**
 * Builds the tracker: `miExamplesPerClass` training images of each class of the pair (the paper uses 300 + 300),
 * `miDraws` augmented draws per estimate (random crop with 2-pixel padding and horizontal flip, the paper's
 * augmentation), an estimate after the first epoch, every `miEvery` epochs and after the last.
 *
 * @example
 * ```ts
 * import { createMutualInformationTracker } from './mutual-information-tracker';
 * // const tracker = createMutualInformationTracker(context); runCalibrationStage(context, tracker.onEpoch);
 * ```
 */
export function createMutualInformationTracker(context: RunContext): MutualInformationTracker {
  const { options, splits, dataset } = context;
  const classes = options.miClasses;
  const rows: number[] = [];
  for (const label of classes) {
    let taken = 0;
    for (let row = 0; row < splits.train.count && taken < options.miExamplesPerClass; row += 1) {
      if (splits.train.labels[row] === label) {
        rows.push(row);
        taken += 1;
      }
    }
  }
  const features = dataset.features;
  const images = new Float32Array(rows.length * features);
  rows.forEach((row, index) =>
    images.set(splits.train.images.subarray(row * features, (row + 1) * features), index * features),
  );
  const examples = tf.tensor4d(images, [rows.length, dataset.height, dataset.width, dataset.channels]);
  const crop = cropAndFlip({ padding: 2 });
  const largest = options.epsilons.at(-1) as number;
  const curves = new Map<number, { epochs: number[]; values: number[] }>();
  let spent = 0;
  return {
    async onEpoch(model, seed, epsilon, epoch) {
      const last = epoch === options.epochs;
      if (seed !== 0 || (epsilon !== 0 && epsilon !== largest)) return;
      if (!(epoch === 1 || epoch % options.miEvery === 0 || last)) return;
      const started = performance.now();
      const estimate = estimateLogitMutualInformation(
        {
          // In chunks: a conv net's activations for every draw of every example at once would not fit the heap.
          predict: (x: tf.Tensor) =>
            tf.tidy(() => {
              const rows = x.shape[0] as number;
              const flat = tf.reshape(x, [rows, features]);
              const parts: tf.Tensor[] = [];
              for (let start = 0; start < rows; start += PREDICT_CHUNK) {
                const chunk = tf.slice(flat, [start, 0], [Math.min(PREDICT_CHUNK, rows - start), features]);
                parts.push(model.apply(chunk, { training: false }) as tf.Tensor);
              }
              return tf.concat(parts);
            }),
        },
        examples,
        { classes, augment: crop, draws: options.miDraws, seed: 7 + epoch },
      );
      const curve = curves.get(epsilon) ?? { epochs: [], values: [] };
      curve.epochs.push(epoch);
      curve.values.push(estimate.mutualInformation);
      curves.set(epsilon, curve);
      spent += (performance.now() - started) / 1000;
    },
    seconds() {
      return spent;
    },
    result() {
      return {
        classes,
        examples: rows.length,
        draws: options.miDraws,
        logN: Math.log(rows.length),
        curves: [...curves.entries()].sort(([a], [b]) => a - b).map(([epsilon, curve]) => ({ epsilon, ...curve })),
      };
    },
    dispose() {
      examples.dispose();
    },
  };
}
