// The result type of distillationLoss: tsc checks the type assertions (`pnpm typecheck` includes this file), vitest
// runs the optimizer steps.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { distillationLoss, type DistillationLossOptions, type DistillationReduction } from './index';

describe('result type of distillationLoss', () => {
  it('is a tf.Scalar for batchmean/sum (also from a typed options variable) and a tf.Tensor for none', () => {
    const student = tf.tensor2d([[2, 0.5, -1]]);
    const teacher = tf.tensor2d([[3, 1, -2]]);
    const stored: DistillationLossOptions = { temperature: 4, reduction: 'sum' };
    const perRow: DistillationLossOptions<'none'> = { reduction: 'none' };
    const chosenLater: DistillationLossOptions<DistillationReduction> = { reduction: 'batchmean' };
    expectTypeOf(distillationLoss(student, teacher)).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(distillationLoss(student, teacher, { temperature: 2 })).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(distillationLoss(student, teacher, stored)).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(distillationLoss(student, teacher, { reduction: 'none' })).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(distillationLoss(student, teacher, perRow)).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(distillationLoss(student, teacher, chosenLater)).toEqualTypeOf<tf.Tensor>();
    // @ts-expect-error: options typed without a reduction argument allow only the scalar reductions
    const wrong: DistillationLossOptions = { reduction: 'none' };
    expect(wrong.reduction).toBe('none');
    const results = [stored, perRow, chosenLater].map((options) => distillationLoss(student, teacher, options));
    expect(results.map((result) => result.shape)).toEqual([[], [1], []]);
    tf.dispose([student, teacher, ...results]);
  });

  it('optimizer.minimize takes distillationLoss with options from a typed variable', () => {
    const student = tf.variable(
      tf.tensor2d([
        [0.5, 0, -0.5],
        [0, 0.2, 0],
      ]),
    );
    const teacher = tf.tensor2d([
      [3, 1, -2],
      [-1, 2, 0],
    ]);
    const options: DistillationLossOptions = { temperature: 2, labels: [0, 1], hardLabelWeight: 0.5 };
    const optimizer = tf.train.sgd(0.5);
    const losses: number[] = [];
    for (let step = 0; step < 10; step += 1) {
      const loss = optimizer.minimize(() => distillationLoss(student, teacher, options), true);
      expectTypeOf(loss).toEqualTypeOf<tf.Scalar | null>();
      losses.push(loss?.dataSync()[0] ?? Number.NaN);
      loss?.dispose();
    }
    expect(losses.at(-1)).toBeLessThan((losses[0] as number) - 0.1);
    tf.dispose([student, teacher]);
    optimizer.dispose();
  });
});
