import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { focalLoss, type FocalLossOptions, labelSmoothingCrossEntropy } from './index';

interface FocalCase {
  name: string;
  logitsShape: number[];
  logits: number[];
  targetKind: 'index' | 'probability';
  targetsShape: number[];
  targets: number[];
  options: FocalLossOptions<'mean' | 'sum' | 'none'>;
  valueShape: number[];
  value: (number | 'NaN')[];
  gradLogits: (number | 'NaN')[];
  gradTargets?: (number | 'NaN')[];
}

const cases = loadFixture<FocalCase[]>(import.meta.url, './__fixtures__/focal-loss.json');
const decode = (values: (number | 'NaN')[]): number[] => values.map((v) => (v === 'NaN' ? Number.NaN : v));

function targetsOf(fixture: FocalCase): tf.Tensor {
  return fixture.targetKind === 'index'
    ? tf.tensor(fixture.targets, fixture.targetsShape, 'int32')
    : tf.tensor(fixture.targets, fixture.targetsShape);
}

function expectInvalid(call: () => unknown, parameter: string): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InvalidArgumentError);
  expect((caught as InvalidArgumentError).parameter).toBe(parameter);
  expect((caught as InvalidArgumentError).message).toContain('focalLoss');
}

const logitRows = [
  [2, 0.5, -1],
  [0, 0, 3],
];

describe('focalLoss matches the float64 PyTorch reference', () => {
  it('covers every γ form, reduction, target kind and edge case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(400);
    expect(new Set(cases.map((fixture) => fixture.options.reduction))).toEqual(new Set(['mean', 'sum', 'none']));
    expect(new Set(cases.map((fixture) => fixture.options.gamma))).toEqual(new Set([0, 0.25, 0.5, 1, 2, 3, 'flsd-53']));
    expect(new Set(cases.map((fixture) => fixture.logitsShape.length))).toEqual(new Set([2, 3, 4]));
    for (const prefix of [
      'saturated p -> 1 gamma=0.5',
      'near saturation gamma=0.25',
      'flsd-53 rows on both sides',
      'all rows ignored',
      'empty',
    ]) {
      expect(cases.some((fixture) => fixture.name.startsWith(prefix))).toBe(true);
    }
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const logits = tf.tensor(fixture.logits, fixture.logitsShape);
      const targets = targetsOf(fixture);
      const value = focalLoss(logits, targets, fixture.options);
      expect(value.shape).toEqual(fixture.valueShape);
      expectClose(value.dataSync(), decode(fixture.value));
      const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor => tf.sum(focalLoss(z, t, fixture.options));
      if (fixture.targetKind === 'index') {
        const gradient = tf.grad((z: tf.Tensor) => lossOf(z, targets))(logits);
        expect(gradient.shape).toEqual(fixture.logitsShape);
        expectClose(gradient.dataSync(), decode(fixture.gradLogits));
        gradient.dispose();
      } else {
        const [gradLogits, gradTargets] = tf.grads(lossOf)([logits, targets]) as [tf.Tensor, tf.Tensor];
        expectClose(gradLogits.dataSync(), decode(fixture.gradLogits));
        expectClose(gradTargets.dataSync(), decode(fixture.gradTargets ?? []));
        tf.dispose([gradLogits, gradTargets]);
      }
      tf.dispose([logits, targets, value]);
    });
  });
});

describe('focalLoss at saturation', () => {
  it.each([0.25, 0.5, 0.99, 1, 2])('gives a finite gradient where p = 1 in float32 (γ = %s)', async (gamma) => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [80, 0, -3],
        [0, 1e4, -1e4],
        [5, 5, 5],
      ]);
      const [value, gradient] = tf.tidy(() => {
        const { value: loss, grad } = tf.valueAndGrad(
          (z: tf.Tensor) => focalLoss(z, [0, 1, 2], { gamma }) as tf.Scalar,
        )(logits);
        return [loss, grad];
      });
      expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      // The saturated rows' gradients vanish; the constant row's does not.
      expectClose(gradient.dataSync().slice(0, 6), [0, 0, 0, 0, 0, 0]);
      expect(Math.abs(gradient.dataSync()[8] as number)).toBeGreaterThan(0.01);
      tf.dispose([logits, value, gradient]);
    });
  });
});

describe('focalLoss near saturation', () => {
  // 1 − p of 3e-4 .. 1e-7: a plain float32 1 − softmax gets these gradients wrong by up to 38% relative (within the
  // fixtures' absolute 1e-6, as they are small), log-space 1 − p keeps them to 1e-4 relative.
  const nearCases = cases.filter((fixture) => fixture.name.startsWith('near saturation'));

  it.each(nearCases.map((fixture) => [fixture.name, fixture] as const))('%s keeps relative accuracy', (_n, fixture) => {
    const logits = tf.tensor(fixture.logits, fixture.logitsShape);
    const targets = targetsOf(fixture);
    const gradient = tf.grad((z: tf.Tensor) => tf.sum(focalLoss(z, targets, fixture.options)))(logits);
    expectClose(gradient.dataSync(), decode(fixture.gradLogits), { relative: 1e-4, absolute: 1e-12 });
    tf.dispose([logits, targets, gradient]);
  });
});

describe('focalLoss γ forms and inputs', () => {
  it('γ = 0 equals labelSmoothingCrossEntropy, value and gradient, with ε and ignoreIndex', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor3d([
        [
          [1, -2, 0.5, 3],
          [0, 0, 0, 0],
        ],
        [
          [4, 1, -1, 2],
          [-3, 2, 2, 0.1],
        ],
      ]);
      const labels = tf.tensor2d(
        [
          [3, 1],
          [-1, 2],
        ],
        undefined,
        'int32',
      );
      const focal = (z: tf.Tensor): tf.Scalar => focalLoss(z, labels, { gamma: 0, epsilon: 0.2, ignoreIndex: -1 });
      const reference = (z: tf.Tensor): tf.Scalar =>
        labelSmoothingCrossEntropy(z, labels, { epsilon: 0.2, ignoreIndex: -1 });
      const [a, b] = [focal(logits), reference(logits)];
      expectClose(a.dataSync(), b.dataSync());
      const [ga, gb] = [tf.grad(focal)(logits), tf.grad(reference)(logits)];
      expectClose(ga.dataSync(), gb.dataSync());
      tf.dispose([logits, labels, a, b, ga, gb]);
    });
  });

  it('index targets (the per-row path) equal their one-hot rows (the general path), value and gradient', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [40, 0, -3],
        [8, 0, -1],
        [-300, 300, 0],
        [1, 2, 0.5],
        [0, 0, 0],
      ]);
      const labels = [0, 0, 0, 2, 1];
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 3));
      for (const options of [
        { gamma: 0.5, reduction: 'none' },
        { gamma: 'flsd-53', alpha: [2, 1, 0.5], reduction: 'sum' },
      ] as const) {
        const byIndex = (z: tf.Tensor): tf.Tensor => focalLoss(z, labels, options);
        const byRows = (z: tf.Tensor): tf.Tensor => focalLoss(z, oneHot, options);
        const [a, b] = [byIndex(logits), byRows(logits)];
        expectClose(a.dataSync(), b.dataSync(), { relative: 1e-5, absolute: 1e-30 });
        const lossOf = (loss: (z: tf.Tensor) => tf.Tensor) => (z: tf.Tensor) => tf.sum(loss(z));
        const [ga, gb] = [tf.grad(lossOf(byIndex))(logits), tf.grad(lossOf(byRows))(logits)];
        expectClose(ga.dataSync(), gb.dataSync(), { relative: 1e-5, absolute: 1e-30 });
        tf.dispose([a, b, ga, gb]);
      }
      tf.dispose([logits, oneHot]);
    });
  });

  it("a function of p_y equals the 'flsd-53' schedule and a constant γ", async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [-1, 1, 1.5],
        [0, 0.2, 0.5],
        [4, 0, 0.5],
      ]);
      const labels = [0, 0, 0];
      const schedule = (p: tf.Tensor1D): tf.Tensor => tf.where(tf.less(p, 0.2), tf.scalar(5), tf.scalar(3));
      const byFunction = (z: tf.Tensor): tf.Tensor => focalLoss(z, labels, { gamma: schedule, reduction: 'none' });
      const byName = (z: tf.Tensor): tf.Tensor => focalLoss(z, labels, { gamma: 'flsd-53', reduction: 'none' });
      const [a, b] = [byFunction(logits), byName(logits)];
      expectClose(a.dataSync(), b.dataSync());
      const [ga, gb] = [tf.grad(byFunction)(logits), tf.grad(byName)(logits)];
      expectClose(ga.dataSync(), gb.dataSync());
      const constant = focalLoss(logits, labels, { gamma: () => tf.scalar(2, 'int32') });
      const numeric = focalLoss(logits, labels, { gamma: 2 });
      expectClose(constant.dataSync(), numeric.dataSync());
      tf.dispose([logits, a, b, ga, gb, constant, numeric]);
    });
  });

  it('defaults to γ = 2, no α, ε = 0 and the mean; accepts arrays and float index tensors', async () => {
    await expectNoLeak(() => {
      const floatLabels = tf.tensor1d([0, 2]);
      const logits = tf.tensor2d(logitRows);
      const defaults = focalLoss(logitRows, floatLabels);
      const explicit = focalLoss(logits, [0, 2], {
        gamma: 2,
        alpha: [1, 1, 1],
        epsilon: 0,
        reduction: 'mean',
      });
      expect(defaults.shape).toEqual([]);
      expectClose(defaults.dataSync(), explicit.dataSync());
      // The TSDoc example's figure, by hand: p_y = 0.785597, 0.909443; mean of (1 − p_y)²·(−log p_y).
      expectClose(defaults.dataSync(), [0.00593559], { relative: 1e-5 });
      tf.dispose([floatLabels, logits, defaults, explicit]);
    });
  });
});

describe('focalLoss errors', () => {
  it.each([
    ['a negative γ', { gamma: -0.5 }, 'options.gamma'],
    ['a NaN γ', { gamma: Number.NaN }, 'options.gamma'],
    ['an unknown γ schedule', { gamma: 'flsd-35' }, 'options.gamma'],
    ['a boolean γ', { gamma: true }, 'options.gamma'],
    ['a negative α', { alpha: [1, -1, 1] }, 'options.alpha'],
    ['ε above 1', { epsilon: 1.5 }, 'options.epsilon'],
    ['an unknown reduction', { reduction: 'batchmean' }, 'options.reduction'],
    ['a fractional ignoreIndex', { ignoreIndex: 0.5 }, 'options.ignoreIndex'],
    ['an unknown key', { classWeights: [1, 1, 1] }, 'options.classWeights'],
    ['a γ function returning a number', { gamma: () => 2 }, 'options.gamma'],
    ['a γ function returning the wrong shape', { gamma: () => tf.ones([3]) }, 'options.gamma'],
    ['a γ function returning a negative γ', { gamma: (p: tf.Tensor) => tf.sub(p, 1) }, 'options.gamma'],
    ['a γ function returning NaN', { gamma: (p: tf.Tensor) => tf.mul(tf.div(p, 0), 0) }, 'options.gamma'],
  ] as const)('rejects %s', async (_label, options, parameter) => {
    await expectNoLeak(() => {
      expectInvalid(() => focalLoss(logitRows, [0, 2], options as unknown as FocalLossOptions), parameter);
    });
  });

  it('rejects α of another length', async () => {
    await expectNoLeak(() => {
      expect(() => focalLoss(logitRows, [0, 2], { alpha: [1, 2] })).toThrow(ShapeMismatchError);
      expect(() => focalLoss(logitRows, [0, 2], { alpha: [1, 2] })).toThrow(/options\.alpha.*focalLoss/);
    });
  });

  it('rejects bad logits, labels and ignoreIndex with probability targets', async () => {
    await expectNoLeak(() => {
      expectInvalid(() => focalLoss([[1, Number.NaN, 0]], [0]), 'logits');
      expectInvalid(() => focalLoss(logitRows, [0, 3]), 'labels');
      expectInvalid(
        () =>
          focalLoss(
            logitRows,
            [
              [1, 0, 0],
              [0, 0, 1],
            ],
            { ignoreIndex: 0 },
          ),
        'options.ignoreIndex',
      );
      expect(() => focalLoss(logitRows, [0, 1, 2])).toThrow(ShapeMismatchError);
    });
  });
});
