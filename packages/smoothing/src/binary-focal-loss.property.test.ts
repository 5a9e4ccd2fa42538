import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { definePropertySuite, expectClose, expectNoLeak } from '@softlabels/test-utils';

import { binaryFocalLoss } from './binary-focal-loss';
import type { BinaryFocalLossOptions } from './binary-focal-loss-options';

/** One call, small enough to print: shape, values, options. */
interface BinaryFocalCase {
  shape: number[];
  logits: number[];
  targets: number[];
  gamma: number;
  alpha: number | null;
  reduction: 'mean' | 'sum' | 'none';
}

const float32 = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true }).map(Math.fround);

const binaryFocalCase: fc.Arbitrary<BinaryFocalCase> = fc
  .record({
    shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 3 }),
    hard: fc.boolean(),
    gamma: fc.constantFrom(0, 0.25, 0.5, 1, 2, 3.7),
    alpha: fc.constantFrom(null, 0, 0.25, 0.5, 0.9, 1),
    reduction: fc.constantFrom('mean' as const, 'sum' as const, 'none' as const),
  })
  .chain(({ hard, ...shape }) => {
    const size = shape.shape.reduce((a, b) => a * b, 1);
    const target = hard ? fc.constantFrom(0, 1) : float32(0, 1);
    return fc
      .record({
        logits: fc.array(float32(-8, 8), { minLength: size, maxLength: size }),
        targets: fc.array(target, { minLength: size, maxLength: size }),
      })
      .map((values) => ({ ...shape, ...values }));
  });

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** torchvision's formula element-wise in float64, with 1 − p_t = t·σ(−z) + (1 − t)·σ(z) (no cancellation). */
function referenceLoss(z: number, t: number, gamma: number, alpha: number | null): number {
  const crossEntropy = Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
  const complement = t * sigmoid(-z) + (1 - t) * sigmoid(z);
  const balance = alpha === null ? 1 : alpha * t + (1 - alpha) * (1 - t);
  return balance * crossEntropy * (gamma === 0 ? 1 : Math.pow(complement, gamma));
}

function reduce(input: BinaryFocalCase, losses: number[]): number[] {
  if (input.reduction === 'none') return losses;
  const total = losses.reduce((a, b) => a + b, 0);
  return [input.reduction === 'sum' ? total : total / losses.length];
}

function referenceLosses(input: BinaryFocalCase, logits: number[], targets: number[]): number[] {
  return logits.map((z, index) => referenceLoss(z, targets[index] as number, input.gamma, input.alpha));
}

/** ∂Σ(loss)/∂(logits or targets) by central differences of the float64 reference. */
function referenceGradient(input: BinaryFocalCase, which: 'logits' | 'targets'): number[] {
  const total = (logits: number[], targets: number[]): number =>
    reduce(input, referenceLosses(input, logits, targets)).reduce((a, b) => a + b, 0);
  const step = 1e-6;
  const varied = input[which];
  return varied.map((_, index) => {
    const up = [...varied];
    const down = [...varied];
    up[index] = (up[index] as number) + step;
    down[index] = (down[index] as number) - step;
    const [high, low] =
      which === 'logits'
        ? [total(up, input.targets), total(down, input.targets)]
        : [total(input.logits, up), total(input.logits, down)];
    return (high - low) / (2 * step);
  });
}

async function checkCase(input: BinaryFocalCase): Promise<void> {
  const options: BinaryFocalLossOptions<'mean' | 'sum' | 'none'> = {
    gamma: input.gamma,
    alpha: input.alpha,
    reduction: input.reduction,
  };
  const expectedValue = reduce(input, referenceLosses(input, input.logits, input.targets));
  await expectNoLeak(() => {
    const logits = tf.tensor(input.logits, input.shape);
    const targets = tf.tensor(input.targets, input.shape);
    const lossOf = (z: tf.Tensor, t: tf.Tensor): tf.Tensor => tf.sum(binaryFocalLoss(z, t, options));
    const [gradLogits, gradTargets] = tf.grads(lossOf)([logits, targets]) as [tf.Tensor, tf.Tensor];
    const reported = binaryFocalLoss(logits, targets, options);
    expectClose(reported.dataSync(), expectedValue);
    // Finite differences carry ~1e-9 error of their own.
    expectClose(gradLogits.dataSync(), referenceGradient(input, 'logits'), { relative: 1e-4, absolute: 1e-5 });
    expectClose(gradTargets.dataSync(), referenceGradient(input, 'targets'), { relative: 1e-4, absolute: 1e-5 });
    tf.dispose([logits, targets, gradLogits, gradTargets, reported]);
  });
}

definePropertySuite({
  name: `binaryFocalLoss properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and both gradients match a float64 formula for any shape, γ, α, hard or soft targets, reduction',
      arbitrary: binaryFocalCase,
      check: checkCase,
      runs: 120,
    },
  ],
});
