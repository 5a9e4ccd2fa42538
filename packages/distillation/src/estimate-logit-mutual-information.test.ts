import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError, type RandomSource, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

import type { AugmentFunction } from './augment-function';
import { cropAndFlip } from './crop-and-flip';
import { estimateLogitMutualInformation } from './estimate-logit-mutual-information';
import { logitMutualInformation } from './logit-mutual-information';

/** A linear model on 4×4 images whose logit difference z_0 − z_1 is the sum of the pixels. */
function pixelSumModel(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [tfl.layers.flatten({ inputShape: [4, 4, 1] }), tfl.layers.dense({ units: 3 })],
  });
  const kernel = tf.tensor2d(Array.from({ length: 16 }, () => [1, 0, 0.5]));
  const bias = tf.zeros([3]);
  (model.layers[1] as tfl.layers.Layer).setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
  return model;
}

/** Adds Gaussian noise of standard deviation `scale` (in pixel-sum units) to the first pixel. */
function jitter(scale: number): AugmentFunction {
  return (inputs: tf.Tensor, random: RandomSource) =>
    tf.tidy(() => {
      const count = inputs.shape[0] as number;
      const noise = Array.from({ length: count * 16 }, (_, index) => (index % 16 === 0 ? scale * random.normal() : 0));
      return tf.add(inputs, tf.tensor4d(noise, [count, 4, 4, 1]));
    });
}

/** `count` images whose pixel sums are `level(x)`. */
function levelImages(count: number, level: (x: number) => number): tf.Tensor4D {
  return tf.tensor4d(
    Array.from({ length: count * 16 }, (_, index) => level(Math.floor(index / 16)) / 16),
    [count, 4, 4, 1],
  );
}

const model = pixelSumModel();
afterAll(() => model.dispose());

describe('estimateLogitMutualInformation', () => {
  it('feeds the model’s logit differences into logitMutualInformation, reproducibly for a seed', () => {
    const images = tf.randomUniform([24, 4, 4, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const options = { classes: [0, 1] as const, augment: cropAndFlip({ padding: 1 }), draws: 4, seed: 8 };
    const result = estimateLogitMutualInformation(model, images, options);
    expect(result.meanDraws).toHaveLength(24);
    expect(result.meanDraws[0]).toHaveLength(4);
    expect(result.evalDraws).toHaveLength(24);
    expect(result.upperBound).toBe(Math.log(24));
    expect(result.mutualInformation).toBe(
      logitMutualInformation({ meanDraws: result.meanDraws, evalDraws: result.evalDraws }),
    );
    expect(result.mutualInformation).toBeLessThanOrEqual(result.upperBound);
    expect(result.variance).toBeGreaterThan(0);
    const again = estimateLogitMutualInformation(model, images, options);
    expect(again.evalDraws).toEqual(result.evalDraws);
    const other = estimateLogitMutualInformation(model, images, { ...options, seed: 9 });
    expect(other.evalDraws).not.toEqual(result.evalDraws);
    images.dispose();
  });

  it('measures the differences of the requested classes in order', () => {
    const images = levelImages(3, (x) => x + 1);
    const result = estimateLogitMutualInformation(model, images, { classes: [2, 0], augment: jitter(0.01), draws: 2 });
    result.evalDraws.forEach((value, x) => expect(value).toBeCloseTo(-0.5 * (x + 1), 1));
    images.dispose();
  });

  it('reaches ≈ log N for well separated examples and ≈ the no-information bias for identical ones', () => {
    const separated = levelImages(100, (x) => 10 * x);
    const high = estimateLogitMutualInformation(model, separated, { classes: [0, 1], augment: jitter(0.05) });
    expect(high.mutualInformation).toBeGreaterThan(Math.log(100) - 1e-3);
    expect(high.mutualInformation).toBeLessThanOrEqual(Math.log(100));
    const same = levelImages(400, () => 3);
    const none = estimateLogitMutualInformation(model, same, { classes: [0, 1], augment: jitter(1), seed: 1 });
    expect(none.mutualInformation).toBeLessThan(0);
    expect(none.mutualInformation).toBeGreaterThan(-0.3);
    tf.dispose([separated, same]);
  });

  it('rejects bad options, models and augmentations with typed errors', () => {
    const images = levelImages(4, (x) => x);
    const augment = jitter(0.1);
    const expectError = (call: () => unknown, type: unknown, message: string): void => {
      expect(call).toThrow(type as never);
      expect(call).toThrow(message);
    };
    const narrow = tf.zeros([4, 3, 3, 1]);
    const blank = tf.fill([4, 4, 4, 1], Number.NaN);
    expectError(
      () => estimateLogitMutualInformation(model, narrow, { classes: [0, 1], augment }),
      ShapeMismatchError,
      "Argument 'examples' passed to 'estimateLogitMutualInformation' must fit the model's input shape [N, 4, 4, 1]",
    );
    expectError(
      () => estimateLogitMutualInformation(model, blank, { classes: [0, 1], augment }),
      InvalidArgumentError,
      "Argument 'examples' passed to 'estimateLogitMutualInformation' must contain only finite values",
    );
    tf.dispose([narrow, blank]);
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 0], augment }),
      InvalidArgumentError,
      "Argument 'options.classes' passed to 'estimateLogitMutualInformation' must be two different class indices",
    );
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 3], augment }),
      InvalidArgumentError,
      'must hold class indices in [0, 2] (the model has 3 outputs)',
    );
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 1], augment, draws: 1 }),
      InvalidArgumentError,
      "'options.draws' passed to 'estimateLogitMutualInformation' must be an integer >= 2",
    );
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 1] } as never),
      InvalidArgumentError,
      "'options.augment' passed to 'estimateLogitMutualInformation' must be a random augmentation function",
    );
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 1], augment: (x) => tf.clone(x) }),
      InvalidArgumentError,
      'σ² = 0',
    );
    expectError(
      () => estimateLogitMutualInformation(model, images, { classes: [0, 1], augment: (x) => tf.slice(x, 0, 2) }),
      ShapeMismatchError,
      "'options.augment' passed to 'estimateLogitMutualInformation' must return a tensor with the batch size",
    );
    const single = levelImages(1, () => 1);
    expectError(
      () => estimateLogitMutualInformation(model, single, { classes: [0, 1], augment }),
      ShapeMismatchError,
      'must hold N >= 2 examples',
    );
    expectError(
      () => estimateLogitMutualInformation({} as never, images, { classes: [0, 1], augment }),
      InvalidArgumentError,
      "'model' passed to 'estimateLogitMutualInformation' must be a model with a predict() method",
    );
    tf.dispose([images, single]);
  });

  it('leaks no tensors, also when it fails', async () => {
    const images = levelImages(6, (x) => x);
    const nested = images.arraySync();
    await expectNoLeak(() => {
      estimateLogitMutualInformation(model, images, { classes: [1, 0], augment: cropAndFlip({ padding: 1 }) });
      estimateLogitMutualInformation(model, nested, { classes: [1, 0], augment: jitter(1), draws: 2 });
      expect(() => estimateLogitMutualInformation(model, images, { classes: [0, 5], augment: jitter(1) })).toThrow(
        InvalidArgumentError,
      );
    });
    images.dispose();
  });
});
