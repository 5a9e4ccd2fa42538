import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, type Reduction, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { distillationLoss } from './distillation-loss';
import type { DistillationReduction, HardLabelLoss } from './distillation-loss-options';

interface LossCase {
  name: string;
  studentLogits: number[][];
  teacherLogits: number[][];
  labels: number[];
  temperature: number;
  studentTemperature: number;
  hardLabelWeight: number;
  form: 'kl' | 'cross-entropy';
  scaleByTemperatureSquared: boolean;
  /** The fixture's name for the reduction: its `'mean'` is the batch mean. */
  reduction: Reduction;
  hardLabelSmoothing: number;
  loss: number | number[];
  gradient: number[];
  upstream?: number[];
}

const cases = loadFixture<LossCase[]>(import.meta.url, './__fixtures__/distillation-loss.json');

/** A local label-smoothed cross-entropy (the paper's y_LS = (1 − ε)·y + ε/K), standing in for @softlabels/smoothing. */
function smoothedCrossEntropy(epsilon: number): HardLabelLoss {
  return (logits, labels, reduction) => {
    const classes = logits.shape[1];
    const target = tf.add(tf.mul(tf.oneHot(labels, classes), 1 - epsilon), epsilon / classes);
    const rows = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1));
    return reduction === 'mean' ? tf.mean(rows) : reduction === 'sum' ? tf.sum(rows) : rows;
  };
}

function reductionOf(item: LossCase): DistillationReduction {
  return item.reduction === 'mean' ? 'batchmean' : item.reduction;
}

function optionsOf(item: LossCase) {
  return {
    temperature: item.temperature,
    studentTemperature: item.studentTemperature,
    labels: item.labels,
    hardLabelWeight: item.hardLabelWeight,
    form: item.form,
    scaleByTemperatureSquared: item.scaleByTemperatureSquared,
    reduction: reductionOf(item),
    ...(item.hardLabelSmoothing > 0 ? { hardLabelLoss: smoothedCrossEntropy(item.hardLabelSmoothing) } : {}),
  };
}

function flat(values: unknown): number[] {
  return Array.isArray(values) ? values.flatMap(flat) : [values as number];
}

describe('distillationLoss against PyTorch 1.13', () => {
  it('has at least 100 reference cases covering the required grid', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (const temperature of [1, 2, 4, 16]) {
      for (const hardLabelWeight of [0, 0.5, 1]) {
        for (const form of ['kl', 'cross-entropy']) {
          const hinton = cases.some(
            (c) =>
              c.temperature === temperature &&
              c.studentTemperature === temperature &&
              c.hardLabelWeight === hardLabelWeight &&
              c.form === form,
          );
          const paper = cases.some(
            (c) =>
              c.temperature === temperature &&
              c.studentTemperature === 1 &&
              c.hardLabelWeight === hardLabelWeight &&
              c.form === form,
          );
          expect(hinton && paper).toBe(true);
        }
      }
    }
  });

  it.each(cases.map((item) => [item.name, item] as const))('%s: value and gradient', (_name, item) => {
    const student = tf.tensor(item.studentLogits);
    const teacher = tf.tensor(item.teacherLogits);
    const options = optionsOf(item);
    const loss = distillationLoss(student, teacher, options);
    const expectedLoss = flat(item.loss);
    expect(loss.size).toBe(expectedLoss.length);
    expectClose(loss.dataSync(), expectedLoss, { relative: 1e-5, absolute: 1e-6 });
    const upstream = item.upstream === undefined ? undefined : tf.tensor(item.upstream);
    const gradient = tf.grad((z: tf.Tensor) => {
      const value = distillationLoss(z, teacher, options);
      return upstream === undefined ? value : tf.sum(tf.mul(value, upstream));
    })(student);
    expectClose(gradient.dataSync(), flat(item.gradient), { relative: 1e-5, absolute: 1e-6 });
    tf.dispose([student, teacher, loss, gradient, ...(upstream === undefined ? [] : [upstream])]);
  });
});

describe('distillationLoss semantics', () => {
  it('treats the teacher as a constant: its gradient is zero', () => {
    const student = tf.tensor2d([
      [1, 2, 3],
      [0, -1, 1],
    ]);
    const teacher = tf.tensor2d([
      [3, 2, 1],
      [1, 1, 0],
    ]);
    const [, teacherGradient] = tf.grads((s: tf.Tensor, t: tf.Tensor) =>
      distillationLoss(s, t, { temperature: 2, labels: [0, 2], hardLabelWeight: 0.5 }),
    )([student, teacher]);
    expect(Array.from(teacherGradient?.dataSync() ?? [1])).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([student, teacher, teacherGradient as tf.Tensor]);
  });

  it('gives both forms the same gradient and makes them differ by the teacher entropy', () => {
    const student = tf.tensor2d([
      [0.3, -1, 2, 0],
      [1, 1, 0, -2],
    ]);
    const teacher = tf.tensor2d([
      [2, 0, 1, -1],
      [0, 3, 0, 0],
    ]);
    const options = { temperature: 2, studentTemperature: 1 } as const;
    const gradKl = tf.grad((z: tf.Tensor) => distillationLoss(z, teacher, { ...options, form: 'kl' }))(student);
    const gradCe = tf.grad((z: tf.Tensor) => distillationLoss(z, teacher, { ...options, form: 'cross-entropy' }))(
      student,
    );
    expectClose(gradKl.dataSync(), gradCe.dataSync());
    const kl = distillationLoss(student, teacher, { ...options, form: 'kl' });
    const ce = distillationLoss(student, teacher, { ...options, form: 'cross-entropy' });
    const p = tf.softmax(tf.div(teacher, 2));
    const entropy = tf.mean(tf.neg(tf.sum(tf.mul(p, tf.log(p)), -1)));
    expectClose(tf.sub(ce, kl).dataSync(), entropy.dataSync());
    tf.dispose([student, teacher, gradKl, gradCe, kl, ce, p, entropy]);
  });

  it('keeps the T² factor when hardLabelWeight = 0 and drops it on request', () => {
    const student = tf.tensor2d([[0.5, -0.5, 1]]);
    const teacher = tf.tensor2d([[1, 0, -1]]);
    const scaled = distillationLoss(student, teacher, { temperature: 4 });
    const plain = distillationLoss(student, teacher, { temperature: 4, scaleByTemperatureSquared: false });
    expectClose(scaled.dataSync()[0] as number, 16 * (plain.dataSync()[0] as number));
    tf.dispose([student, teacher, scaled, plain]);
  });

  it('returns exactly 0 for a teacher with underflowing probabilities matched by the student (xlogy)', () => {
    const logits = tf.tensor2d([
      [200, -200, 0],
      [-200, 200, 0],
    ]);
    const loss = distillationLoss(logits, logits, { form: 'kl' });
    expect(loss.dataSync()[0]).toBe(0);
    const gradient = tf.grad((z: tf.Tensor) => distillationLoss(z, logits))(logits);
    expect(Array.from(gradient.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([logits, loss, gradient]);
  });

  it('accepts plain arrays and returns one loss per row for reduction none', () => {
    const loss = distillationLoss(
      [
        [1, 2],
        [3, 4],
        [0, 0],
      ],
      [
        [2, 1],
        [3, 4],
        [1, 0],
      ],
      { reduction: 'none' },
    );
    expect(loss.shape).toEqual([3]);
    expect(loss.dataSync()[1]).toBeCloseTo(0, 6);
    loss.dispose();
  });

  // PyTorch 1.13: kl_div(..., reduction='batchmean') and cross_entropy over no rows give NaN; their sums give 0.
  const emptyBatchSettings = [
    { form: 'kl', hardLabelWeight: 0 },
    { form: 'cross-entropy', hardLabelWeight: 0.5 },
  ] as const;
  it.each(emptyBatchSettings)(
    'gives an empty batch sum 0, batchmean NaN, empty gradients ($form, hardLabelWeight $hardLabelWeight)',
    async (setting) => {
      await expectNoLeak(() => {
        const [student, teacher] = [tf.zeros([0, 3]), tf.zeros([0, 3])];
        const labels = tf.zeros([0], 'int32');
        for (const [reduction, expected] of [
          ['sum', [0]],
          ['batchmean', [Number.NaN]],
          ['none', []],
        ] as const) {
          const options = { ...setting, labels, temperature: 2, reduction };
          const value = distillationLoss(student, teacher, options);
          // Exactly 0: a sum read from memory no kernel wrote is some tiny or arbitrary number instead.
          expect(Array.from(value.dataSync())).toEqual(expected);
          const gradient = tf.grad((z: tf.Tensor) => tf.sum(distillationLoss(z, teacher, options)))(student);
          expect(gradient.shape).toEqual([0, 3]);
          tf.dispose([value, gradient]);
        }
        tf.dispose([student, teacher, labels]);
      });
    },
  );
});

describe('distillationLoss input checks', () => {
  const student = [
    [1, 2, 3],
    [0, 1, 0],
  ];
  const teacher = [
    [0, 1, 0],
    [3, 2, 1],
  ];

  it.each([
    [
      { temperature: 0 },
      "Argument 'options.temperature' passed to 'distillationLoss' must be a finite number in [0.0001, 10000]",
    ],
    [{ temperature: -2 }, 'options.temperature'],
    [{ temperature: 1e38 }, "'options.temperature' passed to 'distillationLoss' must be a finite number in [0.0001"],
    [{ temperature: 1e-40 }, 'options.temperature'],
    [
      { studentTemperature: 0 },
      "'options.studentTemperature' passed to 'distillationLoss' must be a finite number in [0.0001, 10000]",
    ],
    [{ studentTemperature: 1e5 }, 'options.studentTemperature'],
    [
      { hardLabelWeight: 1.5, labels: [0, 1] },
      "'options.hardLabelWeight' passed to 'distillationLoss' must be a finite number in [0, 1]",
    ],
    [{ hardLabelWeight: -0.1, labels: [0, 1] }, 'options.hardLabelWeight'],
    [
      { hardLabelWeight: 0.5 },
      "'options.labels' passed to 'distillationLoss' must be given when options.hardLabelWeight is > 0",
    ],
    [{ labels: [0, 3] }, "'options.labels' passed to 'distillationLoss' must hold integer class indices in [0, 2]"],
    [{ labels: [0, 0.5] }, 'options.labels'],
    [{ form: 'js' }, "'options.form' passed to 'distillationLoss' must be one of 'kl', 'cross-entropy'"],
    [
      { reduction: 'mean' },
      "'options.reduction' passed to 'distillationLoss' must be one of 'batchmean', 'sum', 'none'",
    ],
  ])('rejects %o with InvalidArgumentError', (options, message) => {
    expect(() => distillationLoss(student, teacher, options as never)).toThrow(InvalidArgumentError);
    expect(() => distillationLoss(student, teacher, options as never)).toThrow(message);
  });

  it('rejects NaN and infinite logits', () => {
    expect(() => distillationLoss([[1, Number.NaN]], [[0, 1]])).toThrow(
      "Argument 'studentLogits' passed to 'distillationLoss' must contain only finite values, but got NaN at flat index 1.",
    );
    expect(() => distillationLoss([[1, 0]], [[Number.POSITIVE_INFINITY, 1]])).toThrow("'teacherLogits'");
  });

  it('rejects shape mismatches between student, teacher and labels', () => {
    expect(() =>
      distillationLoss(student, [
        [0, 1],
        [1, 0],
      ]),
    ).toThrow(ShapeMismatchError);
    expect(() =>
      distillationLoss(student, [
        [0, 1],
        [1, 0],
      ]),
    ).toThrow(
      "Argument 'teacherLogits' passed to 'distillationLoss' must have the shape of studentLogits [2, 3], but has shape [2, 2].",
    );
    expect(() => distillationLoss([1, 2, 3], [1, 2, 3])).toThrow(
      "'studentLogits' passed to 'distillationLoss' must have rank >= 2",
    );
    expect(() => distillationLoss(student, teacher, { labels: [0, 1, 2], hardLabelWeight: 0.5 })).toThrow(
      "'options.labels' passed to 'distillationLoss' must have the shape of the logits without the class axis [2]",
    );
  });

  it('rejects a hard-label loss that returns the wrong shape', () => {
    const perRow: HardLabelLoss = (logits) => tf.sum(logits, -1);
    expect(() =>
      distillationLoss(student, teacher, { labels: [0, 1], hardLabelWeight: 0.5, hardLabelLoss: perRow }),
    ).toThrow(
      "'options.hardLabelLoss' passed to 'distillationLoss' must have the shape of its result for reduction 'mean' []",
    );
    expect(() =>
      distillationLoss(student, teacher, { labels: [0, 1], hardLabelWeight: 0.5, hardLabelLoss: 'ce' as never }),
    ).toThrow("'options.hardLabelLoss' passed to 'distillationLoss' must be a function");
    expect(() =>
      distillationLoss(student, teacher, { labels: [0, 1], hardLabelWeight: 0.5, hardLabelLoss: (() => 3) as never }),
    ).toThrow(
      "'options.hardLabelLoss' passed to 'distillationLoss' must return a live numeric tensor, but got a function that returned number.",
    );
    expect(() =>
      distillationLoss(student, teacher, {
        labels: [0, 1],
        hardLabelWeight: 0.5,
        hardLabelLoss: () => tf.scalar('1') as never,
      }),
    ).toThrow('but got a function that returned a string tensor.');
  });

  it('skips the value checks when checks is false', () => {
    const loss = distillationLoss([[1, Number.NaN]], [[0, 1]], { checks: false });
    expect(Number.isNaN(loss.dataSync()[0])).toBe(true);
    loss.dispose();
  });
});

describe('distillationLoss memory', () => {
  it('leaks no tensors, forward or backward, on success or failure', async () => {
    const student = tf.tensor2d([
      [1, 2, 3],
      [0, 1, 0],
    ]);
    const teacher = tf.tensor2d([
      [0, 1, 0],
      [3, 2, 1],
    ]);
    await expectNoLeak(() => {
      const options = { temperature: 2, labels: [0, 2], hardLabelWeight: 0.3, reduction: 'none' } as const;
      distillationLoss(student, teacher, options).dispose();
      tf.grad((z: tf.Tensor) => tf.sum(distillationLoss(z, teacher, options)))(student).dispose();
      expect(() => distillationLoss(student, teacher, { labels: [0, 5] })).toThrow(InvalidArgumentError);
      expect(() =>
        distillationLoss(student, teacher, { labels: [0, 1], hardLabelWeight: 1, hardLabelLoss: (z) => tf.sum(z, -1) }),
      ).toThrow(ShapeMismatchError);
    });
    tf.dispose([student, teacher]);
  });

  it('takes one class with a hard-label term (loss 0, as every log-softmax is 0)', () => {
    const loss = distillationLoss([[0.3], [-2]], [[1], [4]], { labels: [0, 0], hardLabelWeight: 1, temperature: 2 });
    expect(loss.dataSync()[0]).toBe(0);
    loss.dispose();
  });
});
