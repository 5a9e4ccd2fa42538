import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { binaryLabelSmoothingCrossEntropy, type BinaryLabelSmoothingCrossEntropyOptions } from './index';

interface BinaryCase {
  name: string;
  shape: number[];
  logits: number[];
  targets: number[];
  options: BinaryLabelSmoothingCrossEntropyOptions;
  valueShape: number[];
  value: (number | 'NaN')[];
  gradLogits: number[];
  gradTargets: number[];
}

const cases = loadFixture<BinaryCase[]>(import.meta.url, './__fixtures__/binary-cross-entropy.json');
const decode = (values: (number | 'NaN')[]): number[] => values.map((v) => (v === 'NaN' ? Number.NaN : v));

describe('binaryLabelSmoothingCrossEntropy matches PyTorch BCEWithLogits on smoothed targets', () => {
  it('includes empty batches for every reduction', () => {
    for (const reduction of ['mean', 'sum', 'none']) {
      expect(cases.some((fixture) => fixture.name.startsWith(`binary empty batch [0, 3] ${reduction}`))).toBe(true);
    }
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const logits = tf.tensor(fixture.logits, fixture.shape);
      const targets = tf.tensor(fixture.targets, fixture.shape);
      const value = binaryLabelSmoothingCrossEntropy(logits, targets, fixture.options);
      expect(value.shape).toEqual(fixture.valueShape);
      expectClose(value.dataSync(), decode(fixture.value));
      const [gradLogits, gradTargets] = tf.grads((z: tf.Tensor, t: tf.Tensor) =>
        tf.sum(binaryLabelSmoothingCrossEntropy(z, t, fixture.options)),
      )([logits, targets]) as [tf.Tensor, tf.Tensor];
      expectClose(gradLogits.dataSync(), fixture.gradLogits);
      expectClose(gradTargets.dataSync(), fixture.gradTargets);
      tf.dispose([logits, targets, value, gradLogits, gradTargets]);
    });
  });

  it('gives exactly 0 for the sum over an empty batch, NaN for its mean, and empty gradients', async () => {
    await expectNoLeak(() => {
      const [logits, targets] = [tf.zeros([0, 3]), tf.zeros([0, 3])];
      for (const [reduction, expected] of [
        ['sum', [0]],
        ['mean', [Number.NaN]],
        ['none', []],
      ] as const) {
        const options = { reduction, positiveWeight: [1, 2, 0.5] };
        const value = binaryLabelSmoothingCrossEntropy(logits, targets, options);
        // Exactly 0: a sum read from memory no kernel wrote is some tiny or arbitrary number instead.
        expect(Array.from(value.dataSync())).toEqual(expected);
        const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor =>
          tf.sum(binaryLabelSmoothingCrossEntropy(z, t, options));
        const gradients = tf.grads(lossOf)([logits, targets]);
        expect(gradients.map((gradient) => gradient.shape)).toEqual([
          [0, 3],
          [0, 3],
        ]);
        tf.dispose([value, ...gradients]);
      }
      tf.dispose([logits, targets]);
    });
  });

  it('is finite for logits of ±1e4 and accepts scalars and arrays', async () => {
    await expectNoLeak(() => {
      const loss = binaryLabelSmoothingCrossEntropy([1e4, -1e4], [0, 1], { epsilon: 0, reduction: 'none' });
      expectClose(loss.dataSync(), [1e4, 1e4]);
      const [zero, one] = [tf.scalar(0), tf.scalar(1)];
      const scalar = binaryLabelSmoothingCrossEntropy(zero, one, { epsilon: 0 });
      expectClose(scalar.dataSync(), [Math.LN2]);
      tf.dispose([loss, scalar, zero, one]);
    });
  });
});

describe('binaryLabelSmoothingCrossEntropy errors', () => {
  it.each([
    [{ epsilon: 2 }, 'options.epsilon'],
    [{ reduction: 'batchmean' }, 'options.reduction'],
    [{ positiveWeight: -1 }, 'options.positiveWeight'],
    [{ positiveWeight: [1, -2] }, 'must hold only non-negative values'],
    [{ checks: 1 }, 'options.checks'],
    [{ weight: [1, 2] }, "Argument 'options.weight'"],
  ])('rejects options %o', (options, message) => {
    const call = (): unknown =>
      binaryLabelSmoothingCrossEntropy([[1, 2]], [[0, 1]], options as BinaryLabelSmoothingCrossEntropyOptions);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(message);
  });

  it('rejects a positive-weight vector of the wrong length, or any vector for scalar logits', () => {
    expect(() => binaryLabelSmoothingCrossEntropy([[1, 2]], [[0, 1]], { positiveWeight: [1, 2, 3] })).toThrow(
      ShapeMismatchError,
    );
    const one = tf.scalar(1);
    expect(() => binaryLabelSmoothingCrossEntropy(one, one, { positiveWeight: [1] })).toThrow(
      'must be a single number for scalar logits',
    );
    one.dispose();
  });

  it('rejects mismatched shapes, non-finite values and targets outside [0, 1]', () => {
    expect(() => binaryLabelSmoothingCrossEntropy([1, 2], [1])).toThrow(
      "Argument 'targets' passed to 'binaryLabelSmoothingCrossEntropy' must have the shape of logits [2], but has shape [1].",
    );
    expect(() => binaryLabelSmoothingCrossEntropy([Number.NaN], [1])).toThrow(
      "Argument 'logits' passed to 'binaryLabelSmoothingCrossEntropy' must contain only finite values",
    );
    expect(() => binaryLabelSmoothingCrossEntropy([1, 2], [0, 1.5])).toThrow(
      "Argument 'targets' passed to 'binaryLabelSmoothingCrossEntropy' must hold probabilities in [0, 1], but got 1.5 at flat index 1.",
    );
  });

  it('skips the scans with checks: false, and leaks nothing when throwing', async () => {
    await expectNoLeak(() => {
      const loss = binaryLabelSmoothingCrossEntropy([Number.NaN], [1], { checks: false });
      expect(Number.isNaN(loss.dataSync()[0])).toBe(true);
      loss.dispose();
      expect(() => binaryLabelSmoothingCrossEntropy([1, 2], [0, 2])).toThrow(InvalidArgumentError);
    });
  });
});
