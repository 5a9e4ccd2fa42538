// The result types of the losses with a reduction: tsc checks the type assertions (`pnpm typecheck` includes this
// file), vitest runs the optimizer steps.
import * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '@softlabels/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  binaryLabelSmoothingCrossEntropy,
  type BinaryLabelSmoothingCrossEntropyOptions,
  labelSmoothingCrossEntropy,
  type LabelSmoothingCrossEntropyOptions,
} from './index';

describe('result types of the losses', () => {
  it('labelSmoothingCrossEntropy is a tf.Scalar for mean/sum (also from a typed options variable), tf.Tensor for none', () => {
    const logits = tf.tensor2d([[2, 0.5, -1]]);
    const stored: LabelSmoothingCrossEntropyOptions = { epsilon: 0.1, reduction: 'sum' };
    const perRow: LabelSmoothingCrossEntropyOptions<'none'> = { reduction: 'none' };
    const chosenLater: LabelSmoothingCrossEntropyOptions<Reduction> = { reduction: 'mean' };
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0])).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], { epsilon: 0.2 })).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], { reduction: 'mean' })).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], stored)).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], { reduction: 'none' })).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], perRow)).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(labelSmoothingCrossEntropy(logits, [0], chosenLater)).toEqualTypeOf<tf.Tensor>();
    // @ts-expect-error: options typed without a reduction argument allow only the scalar reductions
    const wrong: LabelSmoothingCrossEntropyOptions = { reduction: 'none' };
    expect(wrong.reduction).toBe('none');
    const results = [stored, perRow, chosenLater].map((options) => labelSmoothingCrossEntropy(logits, [0], options));
    expect(results.map((result) => result.shape)).toEqual([[], [1], []]);
    tf.dispose([logits, ...results]);
  });

  it('optimizer.minimize takes labelSmoothingCrossEntropy with options from a typed variable', () => {
    const weights = tf.variable(
      tf.tensor2d([
        [0.3, -0.2, 0.1],
        [0.0, 0.4, -0.3],
      ]),
    );
    const inputs = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const options: LabelSmoothingCrossEntropyOptions = { epsilon: 0.1 };
    const optimizer = tf.train.sgd(0.5);
    const losses: number[] = [];
    for (let step = 0; step < 20; step += 1) {
      const loss = optimizer.minimize(
        () => labelSmoothingCrossEntropy(tf.matMul(inputs, weights), [0, 1, 2], options),
        true,
      );
      expectTypeOf(loss).toEqualTypeOf<tf.Scalar | null>();
      losses.push(loss?.dataSync()[0] ?? Number.NaN);
      loss?.dispose();
    }
    expect(losses.at(-1)).toBeLessThan((losses[0] as number) - 0.1);
    tf.dispose([weights, inputs]);
    optimizer.dispose();
  });

  it('binaryLabelSmoothingCrossEntropy follows the same rule', () => {
    const weights = tf.variable(tf.tensor1d([0.5, -0.5]));
    const targets = tf.tensor1d([1, 0]);
    const stored: BinaryLabelSmoothingCrossEntropyOptions = { epsilon: 0.1 };
    expectTypeOf(binaryLabelSmoothingCrossEntropy(weights, targets, stored)).toEqualTypeOf<tf.Scalar>();
    expectTypeOf(binaryLabelSmoothingCrossEntropy(weights, targets, { reduction: 'none' })).toEqualTypeOf<tf.Tensor>();
    const optimizer = tf.train.sgd(1);
    const first = optimizer.minimize(() => binaryLabelSmoothingCrossEntropy(weights, targets, stored), true);
    const second = optimizer.minimize(() => binaryLabelSmoothingCrossEntropy(weights, targets, stored), true);
    expect(second?.dataSync()[0]).toBeLessThan(first?.dataSync()[0] as number);
    tf.dispose([weights, targets]);
    tf.dispose([first ?? [], second ?? []]);
    optimizer.dispose();
  });
});
