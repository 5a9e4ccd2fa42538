import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { labelSmoothingCrossEntropy, type LabelSmoothingCrossEntropyOptions } from './index';

interface CrossEntropyCase {
  name: string;
  source: string;
  logitsShape: number[];
  logits: number[];
  targetKind: 'index' | 'probability';
  targetsShape: number[];
  targets: number[];
  options: LabelSmoothingCrossEntropyOptions;
  valueShape: number[];
  value: (number | 'NaN')[];
  gradLogits: (number | 'NaN')[];
  gradTargets?: (number | 'NaN')[];
}

const cases = loadFixture<CrossEntropyCase[]>(import.meta.url, './__fixtures__/cross-entropy.json');
const decode = (values: (number | 'NaN')[]): number[] => values.map((v) => (v === 'NaN' ? Number.NaN : v));

function targetsOf(fixture: CrossEntropyCase): tf.Tensor {
  return fixture.targetKind === 'index'
    ? tf.tensor(fixture.targets, fixture.targetsShape, 'int32')
    : tf.tensor(fixture.targets, fixture.targetsShape);
}

describe('labelSmoothingCrossEntropy matches the references', () => {
  it('covers at least 200 cases, all option combinations included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const reductions = new Set(cases.map((fixture) => fixture.options.reduction));
    expect([...reductions].sort()).toEqual(['mean', 'none', 'sum']);
    expect(cases.some((fixture) => fixture.name.startsWith('all rows ignored mean'))).toBe(true);
    for (const reduction of ['mean', 'sum', 'none']) {
      for (const prefix of [`empty batch probability [0, 3] ${reduction}`, `zero total weight ${reduction} eps=0.1`]) {
        expect(cases.some((fixture) => fixture.name.startsWith(prefix))).toBe(true);
      }
    }
    expect(new Set(cases.map((fixture) => fixture.logitsShape.length))).toEqual(new Set([2, 3, 4]));
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const logits = tf.tensor(fixture.logits, fixture.logitsShape);
      const targets = targetsOf(fixture);
      const value = labelSmoothingCrossEntropy(logits, targets, fixture.options);
      expect(value.shape).toEqual(fixture.valueShape);
      expectClose(value.dataSync(), decode(fixture.value));
      const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor =>
        tf.sum(labelSmoothingCrossEntropy(z, t, fixture.options));
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

describe('labelSmoothingCrossEntropy inputs', () => {
  it('accepts plain arrays, float index tensors and one-hot arrays', async () => {
    await expectNoLeak(() => {
      const logits = [
        [2, 0.5, -1],
        [0, 0, 3],
      ];
      const fromArrays = labelSmoothingCrossEntropy(logits, [0, 2]);
      const floatLabels = tf.tensor1d([0, 2]);
      const fromFloat = labelSmoothingCrossEntropy(logits, floatLabels);
      const oneHot = labelSmoothingCrossEntropy(logits, [
        [1, 0, 0],
        [0, 0, 1],
      ]);
      const value = fromArrays.dataSync()[0] as number;
      expectClose(fromFloat.dataSync(), [value]);
      // Without class weights, index and one-hot targets agree.
      expectClose(oneHot.dataSync(), [value]);
      tf.dispose([fromArrays, floatLabels, fromFloat, oneHot]);
    });
  });

  it('skips the host scans when checks is false', async () => {
    await expectNoLeak(() => {
      const loss = labelSmoothingCrossEntropy([[Number.NaN, 0]], [0], { checks: false });
      expect(Number.isNaN(loss.dataSync()[0])).toBe(true);
      loss.dispose();
    });
  });
});

describe('labelSmoothingCrossEntropy errors', () => {
  const logits = [
    [1, 2, 3],
    [0, 0, 0],
  ];
  it.each([
    [
      { epsilon: 1.5 },
      "Argument 'options.epsilon' passed to 'labelSmoothingCrossEntropy' must be a finite number in [0, 1]",
    ],
    [{ epsilon: -0.1 }, 'options.epsilon'],
    [{ reduction: 'avg' }, "must be one of 'mean', 'sum', 'none'"],
    [{ ignoreIndex: 0.5 }, 'options.ignoreIndex'],
    [{ prior: [0.5, 0.6, 0] }, 'must be a probability distribution over the classes'],
    [{ prior: [1.5, -0.5, 0] }, 'must hold only non-negative values'],
    [{ classWeights: [1, Number.NaN, 1] }, 'options.classWeights'],
    [{ classWeights: 'heavy' }, 'options.classWeights'],
    [{ checks: 'no' }, 'options.checks'],
    [{ epsilom: 0.1 }, "Argument 'options.epsilom'"],
  ])('rejects options %o', (options, message) => {
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1], options as LabelSmoothingCrossEntropyOptions)).toThrow(
      InvalidArgumentError,
    );
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1], options as LabelSmoothingCrossEntropyOptions)).toThrow(
      message,
    );
  });

  it.each([
    [[[1, null, 3]], [0], "Argument 'logits' passed to 'labelSmoothingCrossEntropy'", 'null at flat index 1'],
    [logits, ['1', '0'], "Argument 'labels' passed to 'labelSmoothingCrossEntropy'", '"1" at flat index 0'],
    [logits, [null, null], "Argument 'labels' passed to 'labelSmoothingCrossEntropy'", 'null at flat index 0'],
  ])('rejects non-number entries that tfjs would coerce: %o, %o', (z, labels, argument, got) => {
    const call = (): unknown => labelSmoothingCrossEntropy(z as number[][], labels as number[]);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(argument);
    expect(call).toThrow(`but got ${got}.`);
  });

  it.each([new Map([['epsilon', 0.5]]), new Date(0)])('rejects %o as the options object', (options) => {
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1], options as LabelSmoothingCrossEntropyOptions)).toThrow(
      "Argument 'options' passed to 'labelSmoothingCrossEntropy' must be an options object (or undefined)",
    );
  });

  it('rejects class weights holding a non-number instead of reading it as weight 0', () => {
    expect(() =>
      labelSmoothingCrossEntropy(logits, [0, 1], { classWeights: [1, null, 1] as unknown as number[] }),
    ).toThrow(
      "Argument 'options.classWeights' passed to 'labelSmoothingCrossEntropy' must hold one number per class, but got null at index 1.",
    );
  });

  it('rejects per-class vectors of the wrong length', () => {
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1], { classWeights: [1, 2] })).toThrow(ShapeMismatchError);
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1], { prior: [1] })).toThrow(
      "Argument 'options.prior' passed to 'labelSmoothingCrossEntropy' must have one value per class (length 3), but has shape [1].",
    );
  });

  it('rejects NaN or infinite logits, naming them', () => {
    expect(() => labelSmoothingCrossEntropy([[1, Number.NaN, 3]], [0])).toThrow(
      "Argument 'logits' passed to 'labelSmoothingCrossEntropy' must contain only finite values, but got NaN at flat index 1.",
    );
    expect(() => labelSmoothingCrossEntropy([[1, 2]], [[0.5, Number.POSITIVE_INFINITY]])).toThrow(
      "Argument 'labels' passed to 'labelSmoothingCrossEntropy' must contain only finite values",
    );
  });

  it('rejects labels out of range, except the ignore index', () => {
    expect(() => labelSmoothingCrossEntropy(logits, [0, 3])).toThrow(
      "Argument 'labels' passed to 'labelSmoothingCrossEntropy' must hold integer class indices in [0, 2], but got 3 at flat index 1.",
    );
    expect(() => labelSmoothingCrossEntropy(logits, [0, -1])).toThrow(InvalidArgumentError);
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1.5])).toThrow(InvalidArgumentError);
    const ignored = labelSmoothingCrossEntropy(logits, [0, -100], { ignoreIndex: -100 });
    expect(ignored.shape).toEqual([]);
    ignored.dispose();
  });

  it('rejects shapes that fit neither index nor probability targets', () => {
    expect(() => labelSmoothingCrossEntropy(logits, [0, 1, 2])).toThrow(
      "Argument 'labels' passed to 'labelSmoothingCrossEntropy' must have the logits' leading shape [2] (class indices) or the logits' shape [2, 3] (probabilities), but has shape [3].",
    );
    expect(() => labelSmoothingCrossEntropy([1, 2, 3], [0])).toThrow(ShapeMismatchError);
    expect(() => labelSmoothingCrossEntropy('logits', [0])).toThrow(InvalidArgumentError);
  });

  it('rejects ignoreIndex with probability targets', () => {
    expect(() => labelSmoothingCrossEntropy([[1, 2]], [[0.5, 0.5]], { ignoreIndex: -100 })).toThrow(
      "Argument 'options.ignoreIndex' passed to 'labelSmoothingCrossEntropy' must be left unset",
    );
  });

  it('leaks nothing when it throws', async () => {
    await expectNoLeak(() => {
      expect(() => labelSmoothingCrossEntropy(logits, [0, 5])).toThrow(InvalidArgumentError);
      expect(() => labelSmoothingCrossEntropy(logits, [0, 1, 1])).toThrow(ShapeMismatchError);
    });
  });
});
