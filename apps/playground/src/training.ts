import {
  accuracy,
  applyTemperature,
  expectedCalibrationError,
  fitTemperature,
  reliabilityDiagram,
} from '@softlabels/calibration';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
import { classTemplates, penultimateActivations, projectOntoClassPlane } from '@softlabels/vis';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { createNetwork, type NetworkKind } from './create-network';
import type { Split } from './dataset';
import type { CalibrationReport, PlanePoint } from './protocol';
import { scoped } from './scoped';

/** Bins of the ECE and the reliability diagrams (as in the paper). */
export const ECE_BINS = 15;
/** Rows per optimisation step. */
export const BATCH_SIZE = 50;
/** Training rows held out for fitting the temperature (the last ones of the training split). */
export const HELD_OUT = 500;

/**
 * Splits the training split into the rows trained on and the {@link HELD_OUT} rows the temperature is fitted on.
 *
 * @example
 * ```ts
 * import { splitHeldOut } from './training';
 * const split = { images: new Float32Array(600 * 2), labels: new Int32Array(600), count: 600 };
 * console.log(splitHeldOut(split).heldOut.count); // 500
 * ```
 */
export function splitHeldOut(train: Split): { fit: Split; heldOut: Split } {
  const pixels = train.images.length / train.count;
  const cut = train.count - HELD_OUT;
  return {
    fit: { images: train.images.subarray(0, cut * pixels), labels: train.labels.subarray(0, cut), count: cut },
    heldOut: { images: train.images.subarray(cut * pixels), labels: train.labels.subarray(cut), count: HELD_OUT },
  };
}

/**
 * One network under training: its model, Adam optimiser and label-smoothing α.
 *
 * @example
 * ```ts
 * import { Trainee } from './training';
 * const trainee = new Trainee('mlp', 784, 0.1, 0);
 * trainee.dispose();
 * ```
 */
export class Trainee {
  readonly model: tfl.Sequential;
  private readonly optimizer = tf.train.adam(0.001);
  private readonly variables: tf.Variable[];

  constructor(
    readonly kind: NetworkKind,
    inputs: number,
    readonly alpha: number,
    seed: number,
  ) {
    this.model = createNetwork(kind, inputs, seed);
    this.variables = this.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  }

  /** One Adam step on a batch; returns its loss as a scalar tensor (the caller disposes it). */
  step(images: Float32Array, labels: Int32Array, rows: number): tf.Scalar {
    return tf.tidy(() => {
      const x = tf.tensor2d(images, [rows, images.length / rows]);
      const y = tf.tensor1d(labels, 'int32');
      return this.optimizer.minimize(
        () =>
          labelSmoothingCrossEntropy(this.model.apply(x, { training: true }) as tf.Tensor2D, y, {
            epsilon: this.alpha,
            checks: false,
          }) as tf.Scalar,
        true,
        this.variables,
      ) as tf.Scalar;
    });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/**
 * A model's logits on a split, `[count, 10]` row-major on the host.
 *
 * @example
 * ```ts
 * import { createNetwork } from './create-network';
 * import { predictLogits } from './training';
 * const logits = await predictLogits(createNetwork('mlp', 2, 0), { images: new Float32Array(4), labels: new Int32Array(2), count: 2 });
 * console.log(logits.length); // 20
 * ```
 */
export async function predictLogits(model: tfl.LayersModel, split: Split): Promise<Float32Array> {
  const output = tf.tidy(() => {
    const x = tf.tensor2d(split.images, [split.count, split.images.length / split.count]);
    return model.apply(x, { training: false }) as tf.Tensor;
  });
  const values = (await output.data()) as Float32Array;
  output.dispose();
  return values;
}

/**
 * Test accuracy, 15-bin ECE and reliability diagram of a network's logits, the temperature fitted on the held-out
 * logits, and the ECE and diagram after dividing the test logits by it. The same function runs in the page's
 * worker and in Node (the browser test compares them).
 *
 * @example
 * ```ts
 * import { measureCalibration } from './training';
 * const logits = Float32Array.from([2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
 * const report = measureCalibration(0, logits, Int32Array.from([0]), logits, Int32Array.from([0]));
 * console.log(report.accuracy); // 1
 * ```
 */
export function measureCalibration(
  alpha: number,
  testLogits: Float32Array,
  testLabels: Int32Array,
  heldOutLogits: Float32Array,
  heldOutLabels: Int32Array,
): CalibrationReport {
  return scoped(() => {
    const logits = tf.tensor2d(testLogits, [testLabels.length, testLogits.length / testLabels.length]);
    const heldOut = tf.tensor2d(heldOutLogits, [heldOutLabels.length, heldOutLogits.length / heldOutLabels.length]);
    const { temperature } = fitTemperature(heldOut, heldOutLabels);
    const scaled = applyTemperature(logits, temperature);
    return {
      alpha,
      accuracy: accuracy({ logits }, testLabels),
      ece: expectedCalibrationError({ logits }, testLabels, { bins: ECE_BINS }),
      temperature,
      eceAfterTemperature: expectedCalibrationError({ logits: scaled }, testLabels, { bins: ECE_BINS }),
      reliability: reliabilityDiagram({ logits }, testLabels, { bins: ECE_BINS }),
      reliabilityAfterTemperature: reliabilityDiagram({ logits: scaled }, testLabels, { bins: ECE_BINS }),
    };
  });
}

/**
 * Projects the penultimate activations of up to `perClass` test images of each of three classes onto the plane
 * through those classes' templates (the paper's Fig. 1).
 *
 * @example
 * ```ts
 * import { createNetwork } from './create-network';
 * import { projectClasses } from './training';
 * const split = { images: new Float32Array(3 * 784), labels: Int32Array.from([0, 1, 2]), count: 3 };
 * console.log(projectClasses(createNetwork('mlp', 784, 0), split, [0, 1, 2], 10).points.length); // 3
 * ```
 */
export function projectClasses(
  model: tfl.LayersModel,
  split: Split,
  classes: [number, number, number],
  perClass: number,
): { points: PlanePoint[]; vertices: PlanePoint[] } {
  const pixels = split.images.length / split.count;
  const rows: number[] = [];
  for (const label of classes) {
    for (let row = 0, taken = 0; row < split.count && taken < perClass; row += 1) {
      if (split.labels[row] === label) {
        rows.push(row);
        taken += 1;
      }
    }
  }
  const images = new Float32Array(rows.length * pixels);
  rows.forEach((row, index) => images.set(split.images.subarray(row * pixels, (row + 1) * pixels), index * pixels));
  const labels = Int32Array.from(rows, (row) => split.labels[row] as number);
  const projection = scoped(() => {
    const activations = penultimateActivations(model, tf.tensor2d(images, [rows.length, pixels]));
    return projectOntoClassPlane(activations, classTemplates(model), classes, { labels });
  });
  const plain = (point: { x: number; y: number; label: number | null }): PlanePoint => ({
    x: point.x,
    y: point.y,
    label: point.label ?? -1,
  });
  return { points: projection.points.map(plain), vertices: projection.vertices.map(plain) };
}
