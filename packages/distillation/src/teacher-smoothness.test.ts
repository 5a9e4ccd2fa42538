import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { teacherSmoothness } from './teacher-smoothness';

interface SmoothnessCase {
  name: string;
  teacherLogits: number[][];
  labels: number[];
  temperature: number;
  gamma: number;
}

const cases = loadFixture<SmoothnessCase[]>(import.meta.url, './__fixtures__/teacher-smoothness.json');

/** Logits whose softmax is exactly the label-smoothed target y_LS = (1 − ε)·y + ε/K. */
function smoothedTargetLogits(labels: number[], classes: number, epsilon: number): number[][] {
  return labels.map((label) =>
    Array.from({ length: classes }, (_, k) => Math.log((k === label ? 1 - epsilon : 0) + epsilon / classes)),
  );
}

describe('teacherSmoothness', () => {
  it.each(cases.map((item) => [item.name, item] as const))('%s matches PyTorch', (_name, item) => {
    const gamma = teacherSmoothness(item.teacherLogits, item.labels, { temperature: item.temperature });
    expectClose(gamma, item.gamma);
  });

  it.each([
    [0.05, 10],
    [0.1, 4],
    [0.3, 2],
    [0.9, 100],
  ])('gives γ = ε for an LS teacher’s exact targets (ε = %s, K = %s)', (epsilon, classes) => {
    const labels = [0, classes - 1, 1, 0, Math.floor(classes / 2)];
    expectClose(teacherSmoothness(smoothedTargetLogits(labels, classes, epsilon), labels), epsilon);
  });

  it('gives 0 for one-hot-like targets and 1 for a uniform teacher', () => {
    const labels = [2, 0, 1];
    const oneHot = labels.map((label) => [0, 1, 2].map((k) => (k === label ? 60 : -60)));
    expect(teacherSmoothness(oneHot, labels)).toBe(0);
    expectClose(
      teacherSmoothness(
        [
          [1, 1, 1],
          [0, 0, 0],
          [5, 5, 5],
        ],
        labels,
      ),
      1,
    );
  });

  it('rises with the temperature and accepts rank-3 logits', () => {
    const logits = tf.tensor3d([
      [
        [3, 0, -1],
        [0, 2, 1],
      ],
    ]);
    const labels = tf.tensor2d([[0, 1]], undefined, 'int32');
    const cold = teacherSmoothness(logits, labels, { temperature: 1 });
    const warm = teacherSmoothness(logits, labels, { temperature: 4 });
    expect(warm).toBeGreaterThan(cold);
    tf.dispose([logits, labels]);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => teacherSmoothness([[1, 2]], [0], { temperature: 0 })).toThrow(InvalidArgumentError);
    expect(() => teacherSmoothness([[1, 2]], [0], { temperature: 1e-40 })).toThrow(
      "Argument 'options.temperature' passed to 'teacherSmoothness' must be a finite number in [0.0001, 10000], but got 1e-40.",
    );
    expect(() => teacherSmoothness([[1, 2]], [2])).toThrow(
      "Argument 'labels' passed to 'teacherSmoothness' must hold integer class indices in [0, 1]",
    );
    expect(() => teacherSmoothness([[1, Number.NaN]], [0])).toThrow("'teacherLogits' passed to 'teacherSmoothness'");
    expect(() => teacherSmoothness([[1, 2]], [0, 1])).toThrow(ShapeMismatchError);
    expect(() => teacherSmoothness([[1], [2]], [0, 0])).toThrow('at least 2 classes');
    expect(() => teacherSmoothness([1, 2], [0])).toThrow('must have rank >= 2');
  });

  it('leaks no tensors', async () => {
    const logits = tf.tensor2d([[1, 2, 3]]);
    await expectNoLeak(() => {
      teacherSmoothness(logits, [1], { temperature: 2 });
      expect(() => teacherSmoothness(logits, [7])).toThrow(InvalidArgumentError);
    });
    logits.dispose();
  });
});
