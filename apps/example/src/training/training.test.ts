import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { createMlp } from './create-mlp';
import { createNetwork, type NetworkSpec } from './network-spec';
import { predictLogits } from './predict-logits';
import { scoped } from './scoped';
import { trainClassifier } from './train-classifier';

/** Two well-separated Gaussian blobs in 4-D, labels 0 and 1. */
function blobs(count: number, random: RandomSource) {
  const images = new Float32Array(count * 4);
  const labels = new Int32Array(count);
  for (let row = 0; row < count; row += 1) {
    labels[row] = row % 2;
    for (let column = 0; column < 4; column += 1)
      images[row * 4 + column] = random.normal() * 0.5 + (row % 2 === 0 ? -1 : 1);
  }
  return { images, labels, count };
}

describe('trainClassifier and predictLogits', () => {
  it('lowers the loss, separates two blobs and leaks nothing', async () => {
    const random = new RandomSource(3);
    const split = blobs(200, random);
    const model = createMlp({ inputs: 4, hidden: [8], classes: 2, random });
    await expectNoLeak(async () => {
      const epochs: number[] = [];
      const history = await trainClassifier(model, split, {
        epochs: 8,
        batchSize: 32,
        learningRate: 0.05,
        random,
        loss: (logits, labels) => labelSmoothingCrossEntropy(logits, labels, { epsilon: 0.1 }) as tf.Scalar,
        onEpoch: (epoch) => {
          epochs.push(epoch);
        },
      });
      expect(epochs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(history.at(-1)).toBeLessThan(0.7 * (history[0] as number));
      const logits = await predictLogits(model, split.images, split.count, 64);
      expect(logits).toHaveLength(400);
      let correct = 0;
      for (let row = 0; row < split.count; row += 1) {
        const predicted = (logits[2 * row + 1] as number) > (logits[2 * row] as number) ? 1 : 0;
        if (predicted === split.labels[row]) correct += 1;
      }
      expect(correct / split.count).toBeGreaterThan(0.95);
    });
    model.dispose();
  });

  it('stops with the abort reason and leaks nothing', async () => {
    const random = new RandomSource(4);
    const model = createMlp({ inputs: 4, hidden: [4], classes: 2, random });
    const controller = new AbortController();
    await expectNoLeak(async () => {
      const attempt = trainClassifier(model, blobs(64, random), {
        epochs: 50,
        batchSize: 16,
        learningRate: 0.01,
        random,
        signal: controller.signal,
        loss: (logits, labels) => labelSmoothingCrossEntropy(logits, labels, { epsilon: 0 }) as tf.Scalar,
        onEpoch: (epoch) => {
          if (epoch === 2) controller.abort(new Error('stop here'));
        },
      });
      await expect(attempt).rejects.toThrow('stop here');
    });
    model.dispose();
  });

  it('trains a conv net and a ResNet on augmented images, and hands each batch its rows of the targets', async () => {
    const random = new RandomSource(5);
    const geometry = { height: 6, width: 6, channels: 2 };
    const count = 48;
    const images = Float32Array.from({ length: count * 72 }, () => random.uniform());
    const labels = Int32Array.from({ length: count }, (_, row) => row % 3);
    const specs: NetworkSpec[] = [
      { kind: 'cnn', filters: [4, 8], dense: [8] },
      { kind: 'resnet', widths: [4, 8] },
    ];
    for (const spec of specs) {
      const model = createNetwork(spec, geometry, 3, new RandomSource(6));
      await expectNoLeak(async () => {
        const seen: { epoch: number; first: number }[] = [];
        const batches: number[][] = [];
        const history = await trainClassifier(
          model,
          { images, labels, count },
          {
            epochs: 2,
            batchSize: 20,
            learningRate: 0.01,
            random: new RandomSource(7),
            augment: geometry,
            // Row r's target row holds r's label three times, so each batch can check it got its own rows.
            targets: async (epochImages, rows, epoch) => {
              seen.push({ epoch, first: epochImages[0] as number });
              return Float32Array.from({ length: rows * 3 }, (_, index) => index);
            },
            loss: (logits, batchLabels, targets) => {
              batches.push(Array.from((targets as tf.Tensor2D).dataSync()).filter((_, index) => index % 3 === 0));
              return labelSmoothingCrossEntropy(logits, batchLabels, { epsilon: 0 }) as tf.Scalar;
            },
          },
        );
        expect(history.every(Number.isFinite)).toBe(true);
        expect(seen.map((entry) => entry.epoch)).toEqual([1, 2]);
        expect(batches.map((batch) => batch.length)).toEqual([20, 20, 8, 20, 20, 8]);
        expect(batches[1]?.[0]).toBe(60);
      });
      expect(await predictLogits(model, images, count, 16)).toHaveLength(count * 3);
      model.dispose();
    }
  });

  it('gives students of one seed the same augmented epochs', async () => {
    const geometry = { height: 4, width: 4, channels: 1 };
    const images = Float32Array.from({ length: 10 * 16 }, (_, index) => index);
    const labels = Int32Array.from({ length: 10 }, (_, row) => row % 2);
    const epochs: Float32Array[][] = [[], []];
    for (const run of [0, 1]) {
      const model = createNetwork({ kind: 'mlp', hidden: [4] }, geometry, 2, new RandomSource(run));
      await trainClassifier(
        model,
        { images, labels, count: 10 },
        {
          epochs: 2,
          batchSize: 4,
          learningRate: 0.01,
          random: new RandomSource(11),
          augment: geometry,
          targets: async (epochImages, rows) => {
            epochs[run]?.push(epochImages.slice());
            return new Float32Array(rows * 2);
          },
          loss: (logits, batchLabels) => labelSmoothingCrossEntropy(logits, batchLabels, { epsilon: 0 }) as tf.Scalar,
        },
      );
      model.dispose();
    }
    expect(epochs[0]).toEqual(epochs[1]);
    expect(epochs[0]?.[0]).not.toEqual(epochs[0]?.[1]);
  });

  it('creates the same network from the same seed', () => {
    const first = createMlp({ inputs: 3, hidden: [5, 4], classes: 2, random: new RandomSource(9) });
    const second = createMlp({ inputs: 3, hidden: [5, 4], classes: 2, random: new RandomSource(9) });
    expect(first.layers.map((layer) => layer.outputShape)).toEqual([
      [null, 5],
      [null, 4],
      [null, 2],
    ]);
    const weights = (model: typeof first) => model.getWeights().map((weight) => Array.from(weight.dataSync()));
    expect(weights(first)).toEqual(weights(second));
    first.dispose();
    second.dispose();
  });
});

describe('scoped', () => {
  it('returns plain data and disposes every tensor made inside, also on throw', async () => {
    await expectNoLeak(() => {
      expect(scoped(() => ({ total: tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0] }))).toEqual({ total: 6 });
      expect(() =>
        scoped(() => {
          tf.tensor1d([1]);
          throw new Error('inside');
        }),
      ).toThrow('inside');
    });
  });
});
