import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { binaryFocalLoss, type BinaryFocalLossOptions, binaryLabelSmoothingCrossEntropy } from './index';

interface BinaryFocalCase {
  name: string;
  shape: number[];
  logits: number[];
  targets: number[];
  options: { gamma: number; alpha: number; reduction: 'mean' | 'sum' | 'none' };
  valueShape: number[];
  value: (number | 'NaN')[];
  gradLogits: (number | 'NaN')[];
  gradTargets: (number | 'NaN')[];
}

const cases = loadFixture<BinaryFocalCase[]>(import.meta.url, './__fixtures__/binary-focal-loss.json');
const decode = (values: (number | 'NaN')[]): number[] => values.map((v) => (v === 'NaN' ? Number.NaN : v));

function expectInvalid(call: () => unknown, parameter: string): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).parameter).toBe(parameter);
  expect((caught as InvalidArgumentError).message).toContain('binaryFocalLoss');
}

const logitRows = [
  [3, -2],
  [0.5, 8],
];
const targetRows = [
  [1, 0],
  [0, 1],
];

describe("binaryFocalLoss matches torchvision's sigmoid_focal_loss (float64 PyTorch)", () => {
  it('covers every γ, α, reduction, rank and edge case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((fixture) => fixture.options.reduction))).toEqual(new Set(['mean', 'sum', 'none']));
    expect(new Set(cases.map((fixture) => fixture.options.gamma))).toEqual(new Set([0, 0.25, 0.5, 1, 1.5, 2, 3]));
    expect(new Set(cases.map((fixture) => fixture.shape.length))).toEqual(new Set([0, 1, 2, 3, 4]));
    for (const prefix of ['near saturation', 'empty', 'scalar', 'gamma=0 no alpha equals BCE', 'soft']) {
      expect(cases.some((fixture) => fixture.name.startsWith(prefix))).toBe(true);
    }
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const logits = tf.tensor(fixture.logits, fixture.shape);
      const targets = tf.tensor(fixture.targets, fixture.shape);
      // torchvision's α = −1 and null both mean "no α".
      const { alpha } = fixture.options;
      const options: BinaryFocalLossOptions<'mean' | 'sum' | 'none'> = { ...fixture.options, alpha };
      const value = binaryFocalLoss(logits, targets, options);
      expect(value.shape).toEqual(fixture.valueShape);
      expectClose(value.dataSync(), decode(fixture.value));
      const withNull = { ...options, alpha: alpha === -1 ? null : alpha };
      const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor => tf.sum(binaryFocalLoss(z, t, withNull));
      const [gradLogits, gradTargets] = tf.grads(lossOf)([logits, targets]) as [tf.Tensor, tf.Tensor];
      expect(gradLogits.shape).toEqual(fixture.shape);
      expectClose(gradLogits.dataSync(), decode(fixture.gradLogits));
      expectClose(gradTargets.dataSync(), decode(fixture.gradTargets));
      tf.dispose([logits, targets, value, gradLogits, gradTargets]);
    });
  });
});

describe('binaryFocalLoss near and at saturation', () => {
  const nearCases = cases.filter((fixture) => fixture.name.startsWith('near saturation'));

  it.each(nearCases.map((fixture) => [fixture.name, fixture] as const))('%s keeps relative accuracy', (_n, fixture) => {
    const logits = tf.tensor(fixture.logits, fixture.shape);
    const targets = tf.tensor(fixture.targets, fixture.shape);
    const { value, grad } = tf.valueAndGrad((z: tf.Tensor) => tf.sum(binaryFocalLoss(z, targets, fixture.options)))(
      logits,
    );
    const losses = binaryFocalLoss(logits, targets, { ...fixture.options, reduction: 'none' });
    expectClose(losses.dataSync(), decode(fixture.value), { relative: 1e-4, absolute: 1e-30 });
    expectClose(grad.dataSync(), decode(fixture.gradLogits), { relative: 1e-4, absolute: 1e-30 });
    tf.dispose([logits, targets, value, grad, losses]);
  });

  it.each([0.25, 0.5, 1, 2])('gives finite values and gradients at |z| = 1e4 and 200 (γ = %s)', async (gamma) => {
    await expectNoLeak(() => {
      const logits = tf.tensor1d([1e4, -1e4, 200, -200, 1e4, -1e4, 200, 0]);
      const targets = tf.tensor1d([1, 0, 1, 0, 0, 1, 0.5, 1]);
      const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor =>
        tf.sum(binaryFocalLoss(z, t, { gamma, reduction: 'none' }));
      const [gradLogits, gradTargets] = tf.grads(lossOf)([logits, targets]) as [tf.Tensor, tf.Tensor];
      const losses = binaryFocalLoss(logits, targets, { gamma, reduction: 'none' });
      for (const values of [losses, gradLogits, gradTargets]) {
        expect(Array.from(values.dataSync()).every(Number.isFinite)).toBe(true);
      }
      // Right and saturated: no loss, no gradient. Wrong and saturated: ce = |z|, the gradient of plain BCE.
      expectClose(losses.dataSync().slice(0, 4), [0, 0, 0, 0]);
      expectClose(gradLogits.dataSync().slice(0, 4), [0, 0, 0, 0]);
      expectClose(gradTargets.dataSync().slice(0, 4), [0, 0, 0, 0]);
      expectClose(losses.dataSync().slice(4, 6), [0.75e4, 0.25e4]);
      expectClose(gradLogits.dataSync().slice(4, 6), [0.75, -0.25]);
      tf.dispose([logits, targets, gradLogits, gradTargets, losses]);
    });
  });
});

describe('binaryFocalLoss options and inputs', () => {
  it('γ = 0 without α equals binaryLabelSmoothingCrossEntropy with ε = 0, value and gradients', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor3d([[[1, -2, 0.5]], [[4, 0, -30]]]);
      const targets = tf.tensor3d([[[1, 0, 0.3]], [[0, 1, 0.9]]]);
      const focal = (z: tf.Tensor, t: tf.Tensor): tf.Tensor => binaryFocalLoss(z, t, { gamma: 0, alpha: null });
      const reference = (z: tf.Tensor, t: tf.Tensor): tf.Tensor =>
        binaryLabelSmoothingCrossEntropy(z, t, { epsilon: 0 });
      const [a, b] = [focal(logits, targets), reference(logits, targets)];
      expectClose(a.dataSync(), b.dataSync());
      const ga = tf.grads(focal)([logits, targets]);
      const gb = tf.grads(reference)([logits, targets]);
      expectClose((ga[0] as tf.Tensor).dataSync(), (gb[0] as tf.Tensor).dataSync());
      expectClose((ga[1] as tf.Tensor).dataSync(), (gb[1] as tf.Tensor).dataSync());
      tf.dispose([logits, targets, a, b, ...ga, ...gb]);
    });
  });

  it("defaults to torchvision's γ = 2, α = 0.25 and the mean; α = −1 is null; arrays are read like tensors", async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d(logitRows);
      const targets = tf.tensor2d(targetRows);
      const defaults = binaryFocalLoss(logitRows, targetRows);
      const explicit = binaryFocalLoss(logits, targets, { gamma: 2, alpha: 0.25, reduction: 'mean' });
      expect(defaults.shape).toEqual([]);
      expectClose(defaults.dataSync(), explicit.dataSync());
      // The TSDoc example's figure (torchvision's formula in float64).
      expectClose(defaults.dataSync(), [0.07110967340288545]);
      const minusOne = binaryFocalLoss(logits, targets, { alpha: -1, reduction: 'none' });
      const none = binaryFocalLoss(logits, targets, { alpha: null, reduction: 'none' });
      expect(minusOne.shape).toEqual([2, 2]);
      expectClose(minusOne.dataSync(), none.dataSync());
      const sum = binaryFocalLoss(logits, targets, { reduction: 'sum' });
      expectClose(sum.dataSync(), [4 * (defaults.dataSync()[0] as number)], { relative: 1e-6 });
      tf.dispose([logits, targets, defaults, explicit, minusOne, none, sum]);
    });
  });

  it('skips the scans with checks: false and gives the same value', async () => {
    await expectNoLeak(() => {
      const checked = binaryFocalLoss(logitRows, targetRows, { gamma: 1.5 });
      const unchecked = binaryFocalLoss(logitRows, targetRows, { gamma: 1.5, checks: false });
      expectClose(unchecked.dataSync(), checked.dataSync());
      tf.dispose([checked, unchecked]);
    });
  });
});

describe('binaryFocalLoss errors', () => {
  it.each([
    ['a negative γ', { gamma: -0.5 }, 'options.gamma'],
    ['a NaN γ', { gamma: Number.NaN }, 'options.gamma'],
    ['a string γ', { gamma: 'flsd-53' }, 'options.gamma'],
    ['α above 1', { alpha: 1.5 }, 'options.alpha'],
    ['a negative α other than −1', { alpha: -0.5 }, 'options.alpha'],
    ['a NaN α', { alpha: Number.NaN }, 'options.alpha'],
    ['an α vector', { alpha: [0.25, 0.5] }, 'options.alpha'],
    ['an unknown reduction', { reduction: 'batchmean' }, 'options.reduction'],
    ['an unknown key', { epsilon: 0.1 }, 'options.epsilon'],
    ['a string checks flag', { checks: 'false' }, 'options.checks'],
  ] as const)('rejects %s', async (_label, options, parameter) => {
    await expectNoLeak(() => {
      expectInvalid(
        () => binaryFocalLoss(logitRows, targetRows, options as unknown as BinaryFocalLossOptions),
        parameter,
      );
    });
  });

  it('rejects targets outside [0, 1], NaN logits and targets, and a shape mismatch', async () => {
    await expectNoLeak(() => {
      expectInvalid(
        () =>
          binaryFocalLoss(logitRows, [
            [1.5, 0],
            [0, 1],
          ]),
        'targets',
      );
      expectInvalid(
        () =>
          binaryFocalLoss(logitRows, [
            [1, -0.25],
            [0, 1],
          ]),
        'targets',
      );
      expect(() =>
        binaryFocalLoss(logitRows, [
          [1, 0],
          [0, 2],
        ]),
      ).toThrow('2 at flat index 3');
      expectInvalid(
        () =>
          binaryFocalLoss(logitRows, [
            [1, Number.NaN],
            [0, 1],
          ]),
        'targets',
      );
      expectInvalid(
        () =>
          binaryFocalLoss(
            [
              [Number.POSITIVE_INFINITY, 0],
              [0, 1],
            ],
            targetRows,
          ),
        'logits',
      );
      expect(() => binaryFocalLoss(logitRows, [1, 0])).toThrow(ShapeMismatchError);
      expect(() => binaryFocalLoss(logitRows, [1, 0])).toThrow(/'targets'.*binaryFocalLoss/);
    });
  });
});
