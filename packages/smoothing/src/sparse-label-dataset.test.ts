import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { blobClassifier } from './test-support/blob-classifier';
import { threeBlobs } from './test-support/three-blobs';
import { labelSmoothingLoss, type SparseLabelBatch, type SparseLabelDataset, sparseLabelDataset } from './index';

/** A small seeded classifier that outputs logits, compiled with the label-smoothing loss. */
function classifier(options: Parameters<typeof labelSmoothingLoss>[0] = { epsilon: 0.1 }): tfl.LayersModel {
  const model = blobClassifier();
  model.compile({ optimizer: tf.train.sgd(0.1), loss: labelSmoothingLoss(options), metrics: ['accuracy'] });
  return model;
}

/** Every batch of one epoch, as plain arrays; the batch tensors are disposed. */
async function epoch(dataset: SparseLabelDataset): Promise<{ xs: number[][][]; ys: number[][][] }> {
  const iterator = await dataset.iterator();
  const xs: number[][][] = [];
  const ys: number[][][] = [];
  for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) {
    const batch: SparseLabelBatch = result.value;
    xs.push(batch.xs.arraySync() as number[][]);
    ys.push(batch.ys.arraySync());
    tf.dispose([batch.xs, batch.ys]);
  }
  return { xs, ys };
}

describe('sparseLabelDataset', () => {
  it('model.fit itself refuses class indices [batch] and [batch, 1] with labelSmoothingLoss', async () => {
    const { x, labels } = threeBlobs(4, 11, (index) => (index * 7) % 3);
    const model = classifier();
    for (const y of [tf.tensor1d(labels, 'int32'), tf.tensor2d(labels, [labels.length, 1])]) {
      await expect(model.fit(x, y, { epochs: 1, verbose: 0 })).rejects.toThrow('target expected a batch of elements');
      y.dispose();
    }
    model.dispose();
    x.dispose();
  });

  it('trains from integer labels through fitDataset with the loss and accuracy of fit on one-hot targets', async () => {
    const { x, labels } = threeBlobs(20, 11, (index) => (index * 7) % 3);
    const oneHot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 3), 'float32'));
    const reference = classifier();
    const fitted = await reference.fit(x, oneHot, { epochs: 6, batchSize: 16, shuffle: false, verbose: 0 });
    const model = classifier();
    const data = sparseLabelDataset(x, tf.tensor1d(labels, 'int32'), { numClasses: 3, batchSize: 16, shuffle: false });
    expect(data.size).toBe(4);
    const trained = await model.fitDataset(data, { epochs: 6, verbose: 0 });
    const losses = trained.history.loss as number[];
    expectClose(losses, fitted.history.loss as number[], { relative: 1e-5, absolute: 1e-6 });
    expectClose(trained.history.acc as number[], fitted.history.acc as number[], { relative: 0, absolute: 1e-6 });
    expect(losses.at(-1)).toBeLessThan(0.8 * (losses[0] as number));
    reference.dispose();
    model.dispose();
    tf.dispose([x, oneHot]);
  });

  it('takes labels [N, 1], float tensors and plain arrays, and validation data of its own kind', async () => {
    const { x, labels } = threeBlobs(6, 11, (index) => (index * 7) % 3);
    const options = { numClasses: 3, batchSize: 5, shuffle: false } as const;
    const fromArray = await epoch(sparseLabelDataset(x, labels, options));
    const column = tf.tensor2d(labels, [labels.length, 1]);
    const fromColumn = await epoch(sparseLabelDataset(x, column, options));
    expect(fromColumn).toEqual(fromArray);
    expect(fromArray.ys.flat()).toEqual(labels.map((label) => [0, 1, 2].map((c) => (c === label ? 1 : 0))));
    expect(fromArray.xs.flat()).toEqual(x.arraySync());
    expect(fromArray.ys.map((batch) => batch.length)).toEqual([5, 5, 5, 3]);
    const model = classifier();
    const history = await model.fitDataset(sparseLabelDataset(x, labels, options), {
      epochs: 2,
      verbose: 0,
      validationData: sparseLabelDataset(x, column, options),
    });
    expect((history.history.val_loss as number[]).every(Number.isFinite)).toBe(true);
    model.dispose();
    tf.dispose([x, column]);
  });

  it('shuffles each epoch anew, seeded: every example once per epoch, the same batches for the same seed', async () => {
    const { x, labels } = threeBlobs(5, 11, (index) => (index * 7) % 3);
    const first = sparseLabelDataset(x, labels, { numClasses: 3, batchSize: 4, seed: 9 });
    const again = sparseLabelDataset(x, labels, { numClasses: 3, batchSize: 4, seed: 9 });
    const epochOne = await epoch(first);
    const epochTwo = await epoch(first);
    expect(await epoch(again)).toEqual(epochOne);
    expect(epochTwo).not.toEqual(epochOne);
    const rows = (x.arraySync() as number[][]).map((row) => row.join());
    for (const { xs, ys } of [epochOne, epochTwo]) {
      const seen = xs.flat().map((row) => rows.indexOf(row.join()));
      expect([...seen].sort((a, b) => a - b)).toEqual(rows.map((_, index) => index));
      expect(ys.flat().map((row) => row.indexOf(1))).toEqual(seen.map((index) => labels[index]));
    }
    x.dispose();
  });

  it('keeps no tensor beyond the batches it hands out', async () => {
    const { x, labels } = threeBlobs(3, 11, (index) => (index * 7) % 3);
    const labelTensor = tf.tensor1d(labels);
    await expectNoLeak(async () => {
      await epoch(sparseLabelDataset(x, labelTensor, { numClasses: 3, batchSize: 4 }));
      expect(() => sparseLabelDataset(x, [0, 1], { numClasses: 3 })).toThrow(ShapeMismatchError);
    });
    tf.dispose([x, labelTensor]);
  });

  it('names the argument it refuses', async () => {
    const { x, labels } = threeBlobs(2, 11, (index) => (index * 7) % 3);
    expect(() => sparseLabelDataset(x, labels, {} as never)).toThrow(
      "'options.numClasses' passed to 'sparseLabelDataset'",
    );
    expect(() => sparseLabelDataset(x, labels.slice(1), { numClasses: 3 })).toThrow(
      'have shape [6] or [6, 1]: one class index per row of inputs',
    );
    expect(() => sparseLabelDataset(x, [0, 1, 2, 0, 1, 3], { numClasses: 3 })).toThrow(InvalidArgumentError);
    expect(() => sparseLabelDataset(x, [0, 1, 2, 0, 1, 0.5], { numClasses: 3 })).toThrow("'labels'");
    expect(() => sparseLabelDataset(x, labels, { numClasses: 3, batchSize: 0 })).toThrow("'options.batchSize'");
    expect(() => sparseLabelDataset(labels as never, labels, { numClasses: 3 })).toThrow("'inputs'");
    const words = tf.tensor1d(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(() => sparseLabelDataset(words, labels, { numClasses: 3 })).toThrow('be a numeric tensor');
    words.dispose();
    const data = sparseLabelDataset(x, labels, { numClasses: 3 });
    x.dispose();
    const iterator = await data.iterator();
    await expect(iterator.next()).rejects.toThrow("'inputs' passed to 'sparseLabelDataset'");
  });
});
