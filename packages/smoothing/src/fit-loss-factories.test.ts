import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as core from '@softlabels/core';
import { InvalidArgumentError, ShapeMismatchError, type TensorInput } from '@softlabels/core';
import { captureWarnings, expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { blobClassifier } from './test-support/blob-classifier';
import { threeBlobs } from './test-support/three-blobs';
import { confidencePenaltyCrossEntropy, confidencePenaltyLoss, focalLoss, focalLossForFit } from './index';

type FitLoss = (yTrue: TensorInput, yPred: TensorInput) => tf.Scalar;

/** A factory, the options it is tested with, and the direct loss it must equal. */
interface Factory {
  name: string;
  create: (options?: Record<string, unknown>) => FitLoss;
  direct: (logits: tf.Tensor, labels: TensorInput, reduction?: 'mean' | 'sum') => tf.Tensor;
  /** Options refused at creation, and the parameter the error names. */
  badOptions: [Record<string, unknown>, string][];
  /** A per-class option of length 2, for three classes. */
  perClassOption: Record<string, unknown>;
}

const factories: Factory[] = [
  {
    name: 'focalLossForFit',
    create: (options: Record<string, unknown> = {}): FitLoss =>
      focalLossForFit({ gamma: 2, epsilon: 0.05, ...options }),
    direct: (logits: tf.Tensor, labels: TensorInput, reduction: 'mean' | 'sum' = 'mean'): tf.Tensor =>
      focalLoss(logits, labels, { gamma: 2, epsilon: 0.05, reduction }),
    badOptions: [
      [{ gamma: -1 }, 'options.gamma'],
      [{ gamma: 'flsd-35' }, 'options.gamma'],
      [{ epsilon: 2 }, 'options.epsilon'],
      [{ alpha: [1, -1, 1] }, 'options.alpha'],
      [{ reduction: 'none' }, 'options.reduction'],
      [{ fromLogits: 'yes' }, 'options.fromLogits'],
      [{ ignoreIndex: -1 }, 'options.ignoreIndex'],
    ],
    perClassOption: { alpha: [1, 2] },
  },
  {
    name: 'confidencePenaltyLoss',
    create: (options: Record<string, unknown> = {}): FitLoss => confidencePenaltyLoss({ beta: 0.3, ...options }),
    direct: (logits: tf.Tensor, labels: TensorInput, reduction: 'mean' | 'sum' = 'mean'): tf.Tensor =>
      confidencePenaltyCrossEntropy(logits, labels, { beta: 0.3, reduction }),
    badOptions: [
      [{ beta: -0.1 }, 'options.beta'],
      [{ beta: Number.NaN }, 'options.beta'],
      [{ epsilon: 2 }, 'options.epsilon'],
      [{ classWeights: [1, -1, 1] }, 'options.classWeights'],
      [{ reduction: 'none' }, 'options.reduction'],
      [{ fromLogits: 'yes' }, 'options.fromLogits'],
      [{ ignoreIndex: -1 }, 'options.ignoreIndex'],
    ],
    perClassOption: { classWeights: [1, 2] },
  },
];

const warnings = captureWarnings(core);

const logitRows = [
  [2, 0.5, -1],
  [0, 0, 3],
  [1, 1, 1],
];
const labelRows = [0, 2, 1];

describe.each(factories)('$name', (factory) => {
  it('trains a small model through model.fit: the loss drops', async () => {
    const { x, labels } = threeBlobs(40, 7);
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
    const model = blobClassifier();
    model.compile({ optimizer: tf.train.adam(0.05), loss: factory.create() });
    const history = await model.fit(x, y, { epochs: 15, batchSize: 30, verbose: 0, shuffle: false });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.6 * (losses[0] as number));
    expect(warnings).toEqual([]);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('warns once, with labelSmoothingLoss’s code, when the model ends in a softmax', async () => {
    const { x, labels } = threeBlobs(8, 3);
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({
          inputShape: [4],
          units: 3,
          activation: 'softmax',
          kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
        }),
      ],
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: factory.create() });
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, shuffle: false });
    expect(warnings.map((warning) => [warning.code, warning.functionName])).toEqual([
      ['probabilities-as-logits', factory.name],
    ]);
    expect(warnings[0]?.message).toContain('{ fromLogits: false }');
    // With fromLogits: false the same model trains silently.
    core.resetWarnings();
    warnings.length = 0;
    model.compile({ optimizer: tf.train.sgd(0.1), loss: factory.create({ fromLogits: false }) });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, shuffle: false });
    expect(warnings).toEqual([]);
    model.dispose();
    tf.dispose([x, y]);
  });

  it('warns when logits meet fromLogits: false', () => {
    tf.dispose(factory.create({ fromLogits: false })(labelRows, logitRows));
    expect(warnings.map((warning) => warning.code)).toEqual(['logits-as-probabilities']);
  });

  it('equals the direct loss for one-hot, [batch] and [batch, 1] targets, softmax inputs and sums', async () => {
    await expectNoLeak(() => {
      const read = (compute: () => tf.Tensor): number[] => tf.tidy(() => Array.from(compute().dataSync()));
      const logits = tf.tensor2d(logitRows);
      const oneHot = tf.tensor2d(labelRows.map((label) => [0, 1, 2].map((k) => (k === label ? 1 : 0))));
      const expected = read(() => factory.direct(logits, labelRows));
      const loss = factory.create();
      expectClose(
        read(() => loss(labelRows, logits)),
        expected,
      );
      expectClose(
        read(() => loss(tf.tensor2d(labelRows, [3, 1]), logits)),
        expected,
      );
      expectClose(
        read(() => loss(oneHot, logits)),
        expected,
      );
      expectClose(
        read(() => factory.create({ fromLogits: false })(labelRows, tf.softmax(logits))),
        expected,
      );
      expectClose(
        read(() => factory.create({ reduction: 'sum' })(labelRows, logits)),
        read(() => factory.direct(logits, labelRows, 'sum')),
      );
      tf.dispose([logits, oneHot]);
    });
  });

  it('leaves no tensors behind in a custom training loop', async () => {
    const { x, labels } = threeBlobs(10, 5);
    const sparse = tf.tensor1d(labels, 'int32');
    const model = blobClassifier();
    const loss = factory.create({ checks: false });
    const optimizer = tf.train.adam(0.05);
    optimizer.minimize(() => loss(sparse, model.predict(x) as tf.Tensor));
    await expectNoLeak(() => {
      for (let step = 1; step < 10; step += 1) optimizer.minimize(() => loss(sparse, model.predict(x) as tf.Tensor));
    });
    model.dispose();
    optimizer.dispose();
    tf.dispose([x, sparse]);
  });

  it.each(factory.badOptions)('rejects %o at creation', (options, parameter) => {
    let caught: unknown;
    try {
      factory.create(options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).parameter).toBe(parameter);
    expect((caught as InvalidArgumentError).message).toContain(factory.name);
  });

  it('rejects per-class options of another length and yTrue of neither shape per call', () => {
    expect(() => factory.create(factory.perClassOption)(labelRows, logitRows)).toThrow(ShapeMismatchError);
    expect(() => factory.create()([[0, 1]], logitRows)).toThrow(
      `Argument 'yTrue' passed to '${factory.name}' must have yPred's shape [3, 3] (one-hot) or [3] / [3, 1]`,
    );
  });
});
