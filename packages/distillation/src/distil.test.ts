import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { cropAndFlip } from './crop-and-flip';
import { distil } from './distil';
import type { LogitModel } from './internal/logit-model';

const SIZE = 6;
const CLASSES = 4;

/**
 * Structured synthetic 6×6 images: a bright stroke whose orientation is the class (horizontal, vertical, diagonal,
 * anti-diagonal), at a random offset, on Gaussian background noise.
 */
function strokes(count: number, seed: number): { inputs: tf.Tensor4D; labels: tf.Tensor1D } {
  const random = new RandomSource(seed);
  const pixels = new Float32Array(count * SIZE * SIZE);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n += 1) {
    const label = random.int(CLASSES);
    labels[n] = label;
    const offset = random.int(SIZE);
    for (let row = 0; row < SIZE; row += 1) {
      for (let column = 0; column < SIZE; column += 1) {
        const on =
          (label === 0 && row === offset) ||
          (label === 1 && column === offset) ||
          (label === 2 && (row - column + SIZE) % SIZE === offset) ||
          (label === 3 && (row + column) % SIZE === offset);
        pixels[n * SIZE * SIZE + row * SIZE + column] = (on ? 1 : 0) + 0.4 * random.normal();
      }
    }
  }
  return { inputs: tf.tensor4d(pixels, [count, SIZE, SIZE, 1]), labels: tf.tensor1d(labels, 'int32') };
}

function network(hidden: number, seed: number, lastActivation?: 'softmax'): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [SIZE, SIZE, 1] }),
      tfl.layers.dense({
        units: hidden,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dense({
        units: CLASSES,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
        ...(lastActivation === undefined ? {} : { activation: lastActivation }),
      }),
    ],
  });
}

function accuracyOf(model: tfl.Sequential, inputs: tf.Tensor, labels: tf.Tensor1D): number {
  return tf.tidy(() => {
    const predictions = tf.argMax(model.predict(inputs) as tf.Tensor, -1);
    return tf.mean(tf.cast(tf.equal(predictions, labels), 'float32')).dataSync()[0] as number;
  });
}

const train = strokes(600, 1);
const transfer = strokes(200, 2);
const test = strokes(400, 3);
const teacher = network(32, 10);

beforeAll(async () => {
  teacher.compile({
    optimizer: tf.train.adam(0.01),
    loss: (targets: tf.Tensor, logits: tf.Tensor) =>
      tf.mean(tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1))),
  });
  const targets = tf.oneHot(train.labels, CLASSES);
  await teacher.fit(train.inputs, targets, { epochs: 40, batchSize: 64, shuffle: false, verbose: 0 });
  targets.dispose();
  teacher.optimizer.dispose();
});

afterAll(() => {
  teacher.dispose();
  tf.dispose([train.inputs, train.labels, transfer.inputs, transfer.labels, test.inputs, test.labels]);
});

describe('distil', () => {
  it('trains a student on a small transfer set well beyond an untrained one', async () => {
    const teacherAccuracy = accuracyOf(teacher, test.inputs, test.labels);
    expect(teacherAccuracy).toBeGreaterThan(0.9);
    const student = network(16, 20);
    const untrained = accuracyOf(student, test.inputs, test.labels);
    const epochs: number[] = [];
    let steps = 0;
    let lastFraction = 0;
    const { history } = await distil({
      teacher,
      student,
      data: { inputs: transfer.inputs },
      options: {
        epochs: 20,
        batchSize: 25,
        learningRate: 0.01,
        temperature: 2,
        studentTemperature: 1,
        validationData: { inputs: test.inputs, labels: test.labels },
        onBatchEnd: ({ fraction }) => {
          steps += 1;
          lastFraction = fraction;
        },
        onEpochEnd: ({ epoch }) => {
          epochs.push(epoch);
        },
      },
    });
    const trained = accuracyOf(student, test.inputs, test.labels);
    expect(trained).toBeGreaterThan(untrained + 0.3);
    expect(trained).toBeGreaterThan(0.7);
    expect(history).toHaveLength(20);
    expect(epochs).toEqual(Array.from({ length: 20 }, (_, epoch) => epoch));
    expect(steps).toBe(20 * 8);
    expect(lastFraction).toBe(1);
    const first = history[0] as (typeof history)[number];
    const last = history[19] as (typeof history)[number];
    expect(last.loss).toBeLessThan(first.loss / 2);
    expect(last.teacherAgreement).toBeGreaterThan(first.teacherAgreement);
    expect(last.validationAccuracy).toBeCloseTo(trained, 6);
    student.dispose();
  });

  it('caches the teacher’s logits once without augmentation and recomputes them per batch with it', async () => {
    let calls = 0;
    const counting: LogitModel = {
      predict: (inputs, config) => {
        calls += 1;
        return teacher.predict(inputs, config);
      },
    };
    const student = network(8, 30);
    await distil({
      teacher: counting,
      student,
      data: { inputs: transfer.inputs },
      options: { epochs: 3, batchSize: 40 },
    });
    expect(calls).toBe(1);
    calls = 0;
    await distil({
      teacher: counting,
      student,
      data: { inputs: transfer.inputs, labels: transfer.labels },
      options: { epochs: 3, batchSize: 40, augment: cropAndFlip({ padding: 1 }), hardLabelWeight: 0.5, seed: 3 },
    });
    expect(calls).toBe(1 + 3 * 5);
    student.dispose();
  });

  it('is reproducible for a seed', async () => {
    const run = async () => {
      const student = network(8, 40);
      const { history } = await distil({
        teacher,
        student,
        data: { inputs: transfer.inputs },
        options: { epochs: 2, batchSize: 20, seed: 5, augment: cropAndFlip({ padding: 1 }) },
      });
      student.dispose();
      return history.map((entry) => entry.loss);
    };
    expect(await run()).toEqual(await run());
  });

  it('leaks no tensors and leaves a given optimizer to its owner', async () => {
    const student = network(8, 50);
    await expectNoLeak(async () => {
      await distil({
        teacher,
        student,
        data: { inputs: transfer.inputs, labels: transfer.labels },
        options: {
          epochs: 2,
          batchSize: 32,
          hardLabelWeight: 0.3,
          augment: cropAndFlip({ padding: 1 }),
          validationData: { inputs: test.inputs, labels: test.labels },
        },
      });
      await expect(
        distil({ teacher, student, data: { inputs: transfer.inputs, labels: [9] }, options: { epochs: 1 } }),
      ).rejects.toThrow(ShapeMismatchError);
    });
    const optimizer = tf.train.sgd(0.1);
    await distil({ teacher, student, data: { inputs: transfer.inputs }, options: { epochs: 1, optimizer } });
    expect(() => optimizer.getWeights()).not.toThrow();
    optimizer.dispose();
    student.dispose();
  });

  it('rejects bad arguments with typed errors', async () => {
    const student = network(8, 60);
    const data = { inputs: transfer.inputs, labels: transfer.labels };
    const reject = (args: unknown) => expect(distil(args as never)).rejects;
    await reject({ teacher, student, data, options: { temperature: 0 } }).toThrow(
      "Argument 'options.temperature' passed to 'distil' must be a finite number in [0.0001, 10000]",
    );
    await reject({ teacher, student, data, options: { hardLabelWeight: 2 } }).toThrow(InvalidArgumentError);
    await reject({ teacher, student, data: { inputs: transfer.inputs }, options: { hardLabelWeight: 0.5 } }).toThrow(
      "Argument 'data.labels' passed to 'distil' must be given when options.hardLabelWeight is > 0",
    );
    await reject({ teacher, student, data: { inputs: transfer.inputs, labels: transfer.inputs } }).toThrow(
      "'data.labels' passed to 'distil' must be [200] class indices",
    );
    await reject({ teacher, student, data, options: { epochs: 0 } }).toThrow('options.epochs');
    await reject({ teacher, student, data, options: { optimizer: 'adam' } }).toThrow('options.optimizer');
    await reject({ teacher, student: network(8, 1, 'softmax'), data }).toThrow(
      "Argument 'student' passed to 'distil' must output logits",
    );
    const wide = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: [SIZE, SIZE, 1] }), tfl.layers.dense({ units: 5 })],
    });
    await reject({ teacher, student: wide, data }).toThrow(
      "Argument 'student output' passed to 'distil' must have as many classes as the teacher (4)",
    );
    await reject({ teacher: {}, student, data }).toThrow(
      "'teacher' passed to 'distil' must be a model with a predict()",
    );
    await reject({ teacher, student: {}, data }).toThrow("'student' passed to 'distil' must be a tfjs-layers model");
    await reject({ teacher, student, data: { inputs: [[1]] } }).toThrow(
      "'data.inputs' passed to 'distil' must be a tensor",
    );
    const narrow = tf.zeros([4, SIZE - 1, SIZE, 1]);
    await reject({ teacher, student, data: { inputs: narrow } }).toThrow(
      "Argument 'data.inputs' passed to 'distil' must fit the teacher's input shape [N, 6, 6, 1], but has shape [4, 5, 6, 1].",
    );
    narrow.dispose();
    await reject({ teacher, student, data, options: { epochs: 1, augment: () => 1 } }).toThrow(
      "Argument 'options.augment' passed to 'distil' must return a live tensor",
    );
    await reject({
      teacher,
      student,
      data,
      options: { epochs: 1, augment: (x: tf.Tensor) => tf.slice(x, 0, 1) },
    }).toThrow(
      "Argument 'options.augment' passed to 'distil' must return the batch's 32 examples along the first axis",
    );
    wide.dispose();
    student.dispose();
  });

  it.each([
    [
      'throws',
      (): tf.Tensor => {
        throw new RangeError('injected');
      },
      'injected',
    ],
    [
      'returns the wrong shape',
      (): tf.Tensor => tf.zeros([3]),
      "'options.hardLabelLoss' passed to 'distil' must have the shape",
    ],
    [
      'returns a disposed tensor',
      (): tf.Tensor => {
        const value = tf.scalar(1);
        value.dispose();
        return value;
      },
      "'options.hardLabelLoss' passed to 'distil' must return a live numeric tensor, but got a function that returned a disposed tensor.",
    ],
  ] as const)('leaks nothing when the injected hard-label loss %s', async (_label, hardLabelLoss, message) => {
    const student = network(8, 70);
    const data = { inputs: transfer.inputs, labels: transfer.labels };
    await expectNoLeak(async () => {
      await expect(
        distil({ teacher, student, data, options: { epochs: 1, hardLabelWeight: 0.5, hardLabelLoss } }),
      ).rejects.toThrow(message);
    });
    student.dispose();
  });
});
