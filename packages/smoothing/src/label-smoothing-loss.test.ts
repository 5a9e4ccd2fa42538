import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { blobClassifier } from './test-support/blob-classifier';
import { threeBlobs } from './test-support/three-blobs';
import { labelSmoothingCrossEntropy, labelSmoothingLoss } from './index';

describe('labelSmoothingLoss', () => {
  it('trains a small model through model.fit: the loss drops', async () => {
    const { x, labels } = threeBlobs(40, 7);
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
    const model = blobClassifier();
    model.compile({ optimizer: tf.train.adam(0.05), loss: labelSmoothingLoss({ epsilon: 0.1 }) });
    const history = await model.fit(x, y, { epochs: 15, batchSize: 30, verbose: 0, shuffle: false });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.6 * (losses[0] as number));
    // The minimum of a label-smoothed loss is the entropy of the smoothed target, not 0.
    const floor = -(0.1 / 3) * 2 * Math.log(0.1 / 3) - (1 - 0.1 + 0.1 / 3) * Math.log(1 - 0.1 + 0.1 / 3);
    expect(losses[losses.length - 1]).toBeGreaterThan(floor);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('trains from softmax outputs with fromLogits: false and sparse targets in a custom loop', async () => {
    const { x, labels } = threeBlobs(20, 7);
    const sparse = tf.tensor2d(labels, [labels.length, 1]);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [4],
          units: 3,
          activation: 'softmax',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
        }),
      ],
    });
    const loss = labelSmoothingLoss({ fromLogits: false, checks: false });
    const optimizer = tf.train.adam(0.05);
    const lossAt = (): number => tf.tidy(() => loss(sparse, model.predict(x) as tf.Tensor).dataSync()[0] as number);
    const before = lossAt();
    optimizer.minimize(() => loss(sparse, model.predict(x) as tf.Tensor));
    // After the first step has created the optimizer's slots, training steps keep no tensors (customGrad's saved
    // residuals are released after backprop).
    await expectNoLeak(() => {
      for (let step = 1; step < 30; step += 1) {
        optimizer.minimize(() => loss(sparse, model.predict(x) as tf.Tensor));
      }
    });
    expect(lossAt()).toBeLessThan(0.7 * before);
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, sparse]);
  });

  it('equals labelSmoothingCrossEntropy for one-hot, [batch] and [batch, 1] targets, and for probabilities', async () => {
    await expectNoLeak(() => {
      const read = (compute: () => tf.Tensor): number[] => tf.tidy(() => Array.from(compute().dataSync()));
      const logits = tf.tensor2d([
        [2, 0.5, -1],
        [0, 0, 3],
        [1, 1, 1],
      ]);
      const flat = tf.tensor1d([0, 2, 1]);
      const column = tf.tensor2d([0, 2, 1], [3, 1]);
      const oneHot = tf.tensor2d([
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ]);
      const options = { epsilon: 0.2, classWeights: [1, 2, 0.5] };
      const loss = labelSmoothingLoss(options);
      const expected = read(() => labelSmoothingCrossEntropy(logits, [0, 2, 1], options));
      expectClose(
        read(() => loss(flat, logits)),
        expected,
      );
      expectClose(
        read(() => loss(column, logits)),
        expected,
      );
      expectClose(
        read(() => loss(oneHot, logits)),
        read(() => labelSmoothingCrossEntropy(logits, oneHot, options)),
      );
      const fromProbabilities = labelSmoothingLoss({ ...options, fromLogits: false });
      expectClose(
        read(() => fromProbabilities(flat, tf.softmax(logits))),
        expected,
      );
      expectClose(
        read(() => labelSmoothingLoss({ reduction: 'sum' })(flat, logits)),
        read(() => labelSmoothingCrossEntropy(logits, [0, 2, 1], { reduction: 'sum' })),
      );
      tf.dispose([logits, flat, column, oneHot]);
    });
  });

  it('keeps a saturated softmax finite on the fromLogits: false path', async () => {
    await expectNoLeak(() => {
      const probabilities = tf.tensor2d([[1, 0, 0]]);
      const labels = tf.tensor1d([1]);
      const value = labelSmoothingLoss({ fromLogits: false, epsilon: 0 })(labels, probabilities);
      expectClose(value.dataSync(), [-Math.log(1e-7)], { relative: 1e-4 });
      tf.dispose([probabilities, labels, value]);
    });
  });

  it('rejects bad options at creation and bad tensors per call', () => {
    expect(() => labelSmoothingLoss({ epsilon: 3 })).toThrow(InvalidArgumentError);
    expect(() => labelSmoothingLoss({ reduction: 'none' as 'mean' })).toThrow(
      "Argument 'options.reduction' passed to 'labelSmoothingLoss' must be one of 'mean', 'sum'",
    );
    expect(() => labelSmoothingLoss({ fromLogits: 'yes' as unknown as boolean })).toThrow('options.fromLogits');
    expect(() => labelSmoothingLoss({ prior: [0.9, 0.9] })).toThrow('must be a probability distribution');
    const loss = labelSmoothingLoss({ classWeights: [1, 2] });
    const logits = tf.tensor2d([[1, 2, 3]]);
    const labels = tf.tensor1d([0]);
    const wrong = tf.tensor2d([[0, 1]]);
    expect(() => loss(labels, logits)).toThrow(ShapeMismatchError);
    expect(() => labelSmoothingLoss()(wrong, logits)).toThrow(
      "Argument 'yTrue' passed to 'labelSmoothingLoss' must have yPred's shape [1, 3] (one-hot) or [1] / [1, 1] (class indices), with 3 classes, but has shape [1, 2].",
    );
    tf.dispose([logits, labels, wrong]);
  });

  it('reads plain arrays like tensors and names an argument that is neither', () => {
    const fromArrays = labelSmoothingLoss()(
      [0, 1],
      [
        [1, 2],
        [3, 4],
      ],
    );
    const labels = tf.tensor1d([0, 1], 'int32');
    const logits = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const fromTensors = labelSmoothingLoss()(labels, logits);
    expect(fromArrays.dataSync()[0]).toBeCloseTo(fromTensors.dataSync()[0] as number, 6);
    tf.dispose([fromArrays, fromTensors, labels, logits]);
    expect(() => labelSmoothingLoss()(null as never, [[1, 2]])).toThrow(
      "Argument 'yTrue' passed to 'labelSmoothingLoss' must be a tensor, a (nested) number array or a typed array",
    );
    expect(() => labelSmoothingLoss()([0], 'logits' as never)).toThrow(InvalidArgumentError);
  });
});
