import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as core from '@softlabels/core';
import { RandomSource } from '@softlabels/core';
import { captureWarnings } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { labelSmoothingLoss } from './index';

const warnings = captureWarnings(core);

/** 48 points in 4-D and their one-hot targets over 3 classes. */
function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const random = new RandomSource(5);
  const labels = Array.from({ length: 48 }, (_, index) => index % 3);
  const x = tf.tensor2d(labels.map((label) => [label + random.normal(), random.normal(), -label, random.normal()]));
  const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32') as tf.Tensor2D);
  return { x, y };
}

/** A one-layer classifier ending in `activation`, compiled with the label-smoothing loss. */
function model(activation: 'softmax' | 'linear', fromLogits?: boolean): tfl.LayersModel {
  const classifier = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [4],
        units: 3,
        activation,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
      }),
    ],
  });
  const options = fromLogits === undefined ? { epsilon: 0.1 } : { epsilon: 0.1, fromLogits };
  classifier.compile({ optimizer: tf.train.sgd(0.1), loss: labelSmoothingLoss(options) });
  return classifier;
}

async function fitted(classifier: tfl.LayersModel): Promise<number[]> {
  const { x, y } = data();
  const history = await classifier.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  return history.history.loss as number[];
}

describe('labelSmoothingLoss warnings about the kind of yPred', () => {
  it('warns once when a softmax output layer meets the default fromLogits: true, and trains on', async () => {
    const classifier = model('softmax');
    const losses = await fitted(classifier);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.code).toBe('probabilities-as-logits');
    expect(warnings[0]?.functionName).toBe('labelSmoothingLoss');
    expect(warnings[0]?.message).toContain('{ fromLogits: false }');
    expect(warnings[0]?.message).toContain('remove the softmax activation');
    // Only the loss's first call looks: after a reset, further training with the same loss stays silent.
    core.resetWarnings();
    await fitted(classifier);
    expect(warnings).toHaveLength(1);
    classifier.dispose();
  });

  it('says nothing for logits with fromLogits: true or a softmax with fromLogits: false', async () => {
    const logits = model('linear');
    const probabilities = model('softmax', false);
    await fitted(logits);
    await fitted(probabilities);
    expect(warnings).toEqual([]);
    logits.dispose();
    probabilities.dispose();
  });

  it('warns when logits meet fromLogits: false', async () => {
    const classifier = model('linear', false);
    await fitted(classifier);
    expect(warnings.map((warning) => warning.code)).toEqual(['logits-as-probabilities']);
    classifier.dispose();
  });

  it('looks at nothing when no row is there, and a failed first call leaves the next one to look', () => {
    const loss = labelSmoothingLoss();
    const softmaxRows = [
      [0.2, 0.3, 0.5],
      [0.1, 0.1, 0.8],
    ];
    tf.tidy(() => loss(tf.zeros([0, 3]), tf.zeros([0, 3])));
    expect(() => loss([0, 7], softmaxRows)).toThrow("'labels'");
    expect(warnings).toEqual([]);
    tf.dispose(loss([0, 2], softmaxRows));
    expect(warnings.map((warning) => warning.code)).toEqual(['probabilities-as-logits']);
  });
});
