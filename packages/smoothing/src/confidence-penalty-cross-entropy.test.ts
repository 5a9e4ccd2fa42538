import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { confidencePenaltyCrossEntropy } from './confidence-penalty-cross-entropy';
import type { ConfidencePenaltyCrossEntropyOptions } from './confidence-penalty-cross-entropy-options';
import { labelSmoothingCrossEntropy } from './label-smoothing-cross-entropy';

interface ConfidencePenaltyCase {
  name: string;
  source: string;
  logitsShape: number[];
  logits: number[];
  targetKind: 'index' | 'probability';
  targetsShape: number[];
  targets: number[];
  options: ConfidencePenaltyCrossEntropyOptions;
  valueShape: number[];
  value: (number | 'NaN')[];
  gradLogits: (number | 'NaN')[];
}

const cases = loadFixture<ConfidencePenaltyCase[]>(import.meta.url, './__fixtures__/confidence-penalty.json');
const decode = (values: (number | 'NaN')[]): number[] => values.map((v) => (v === 'NaN' ? Number.NaN : v));

function targetsOf(fixture: ConfidencePenaltyCase): tf.Tensor {
  return fixture.targetKind === 'index'
    ? tf.tensor(fixture.targets, fixture.targetsShape, 'int32')
    : tf.tensor(fixture.targets, fixture.targetsShape);
}

describe('confidencePenaltyCrossEntropy matches PyTorch', () => {
  it('covers every reduction, both target kinds, ranks 2–4 and the edge cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(180);
    expect(new Set(cases.map((fixture) => fixture.options.reduction))).toEqual(new Set(['mean', 'sum', 'none']));
    expect(new Set(cases.map((fixture) => fixture.targetKind))).toEqual(new Set(['index', 'probability']));
    expect(new Set(cases.map((fixture) => fixture.logitsShape.length))).toEqual(new Set([2, 3, 4]));
    for (const prefix of ['saturated index', 'all rows ignored mean', 'zero total weight mean', 'empty batch']) {
      expect(cases.some((fixture) => fixture.name.startsWith(prefix))).toBe(true);
    }
  });

  it.each(cases.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    await expectNoLeak(() => {
      const logits = tf.tensor(fixture.logits, fixture.logitsShape);
      const targets = targetsOf(fixture);
      const value = confidencePenaltyCrossEntropy(logits, targets, fixture.options);
      expect(value.shape).toEqual(fixture.valueShape);
      expectClose(value.dataSync(), decode(fixture.value));
      const gradient = tf.grad((z: tf.Tensor) => tf.sum(confidencePenaltyCrossEntropy(z, targets, fixture.options)))(
        logits,
      );
      expect(gradient.shape).toEqual(fixture.logitsShape);
      expectClose(gradient.dataSync(), decode(fixture.gradLogits));
      tf.dispose([logits, targets, value, gradient]);
    });
  });
});

describe('confidencePenaltyCrossEntropy', () => {
  it('runs the documented example', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [2, 0.5, -1],
        [0, 0, 3],
      ]);
      const loss = confidencePenaltyCrossEntropy(logits, [0, 2], { beta: 0.1 });
      expectClose(loss.dataSync(), [0.11870819826]);
      const defaults = confidencePenaltyCrossEntropy(logits, [0, 2]);
      expectClose(defaults.dataSync(), loss.dataSync());
      const gradient = tf.grad((z: tf.Tensor) => confidencePenaltyCrossEntropy(z, [0, 2]))(logits);
      expect(gradient.shape).toEqual([2, 3]);
      tf.dispose([logits, loss, defaults, gradient]);
    });
  });

  it('is labelSmoothingCrossEntropy itself at β = 0, with its defaults apart from ε = 0', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [2, 0.5, -1],
        [0, 0, 3],
      ]);
      const penalised = confidencePenaltyCrossEntropy(logits, [0, 2], { beta: 0, reduction: 'none' });
      const plain = labelSmoothingCrossEntropy(logits, [0, 2], { epsilon: 0, reduction: 'none' });
      expect(Array.from(penalised.dataSync())).toEqual(Array.from(plain.dataSync()));
      tf.dispose([logits, penalised, plain]);
    });
  });

  it('accepts plain arrays and float index tensors', async () => {
    await expectNoLeak(() => {
      const logits = [
        [2, 0.5, -1],
        [0, 0, 3],
      ];
      const fromArrays = confidencePenaltyCrossEntropy(logits, [0, 2], { reduction: 'sum', beta: 0.5 });
      const floatLabels = tf.tensor1d([0, 2]);
      const fromFloat = confidencePenaltyCrossEntropy(logits, floatLabels, { reduction: 'sum', beta: 0.5 });
      expectClose(fromFloat.dataSync(), fromArrays.dataSync());
      tf.dispose([fromArrays, floatLabels, fromFloat]);
    });
  });

  it('throws typed errors naming the argument and leaves no tensor behind', async () => {
    const logits = tf.tensor2d([
      [2, 0.5, -1],
      [0, 0, 3],
    ]);
    const bad: [string, () => unknown, string][] = [
      ['β < 0', () => confidencePenaltyCrossEntropy(logits, [0, 2], { beta: -0.1 }), 'options.beta'],
      ['β NaN', () => confidencePenaltyCrossEntropy(logits, [0, 2], { beta: Number.NaN }), 'options.beta'],
      ['β Infinity', () => confidencePenaltyCrossEntropy(logits, [0, 2], { beta: Infinity }), 'options.beta'],
      ['ε > 1', () => confidencePenaltyCrossEntropy(logits, [0, 2], { epsilon: 1.5 }), 'options.epsilon'],
      [
        'unknown key',
        () => confidencePenaltyCrossEntropy(logits, [0, 2], { gamma: 2 } as ConfidencePenaltyCrossEntropyOptions),
        'options.gamma',
      ],
      [
        'prior (not an option here)',
        () => confidencePenaltyCrossEntropy(logits, [0, 2], { prior: [0.2, 0.3, 0.5] } as never),
        'options.prior',
      ],
      [
        'bad reduction',
        () => confidencePenaltyCrossEntropy(logits, [0, 2], { reduction: 'max' } as never),
        'options.reduction',
      ],
      [
        'a negative class weight',
        () => confidencePenaltyCrossEntropy(logits, [0, 2], { classWeights: [1, -2, 1] }),
        'options.classWeights',
      ],
      ['a label out of range', () => confidencePenaltyCrossEntropy(logits, [0, 3]), 'labels'],
      ['NaN logits', () => confidencePenaltyCrossEntropy([[Number.NaN, 0, 0]], [0]), 'logits'],
      [
        'ignoreIndex with probability targets',
        () =>
          confidencePenaltyCrossEntropy(
            logits,
            [
              [1, 0, 0],
              [0, 0, 1],
            ],
            { ignoreIndex: 0 },
          ),
        'options.ignoreIndex',
      ],
    ];
    for (const [label, call, parameter] of bad) {
      await expectNoLeak(() => {
        let caught: unknown;
        try {
          call();
        } catch (error) {
          caught = error;
        }
        expect(caught, label).toBeInstanceOf(InvalidArgumentError);
        expect((caught as InvalidArgumentError).functionName, label).toBe('confidencePenaltyCrossEntropy');
        expect((caught as InvalidArgumentError).parameter, label).toBe(parameter);
      });
    }
    for (const call of [
      () => confidencePenaltyCrossEntropy(logits, [0, 2, 1]),
      () => confidencePenaltyCrossEntropy(logits, [0, 2], { classWeights: [1, 2] }),
    ]) {
      await expectNoLeak(() => {
        expect(call).toThrow(ShapeMismatchError);
        expect(call).toThrow(/'confidencePenaltyCrossEntropy'/);
      });
    }
    logits.dispose();
  });
});
