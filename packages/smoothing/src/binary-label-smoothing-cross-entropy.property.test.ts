import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import type { Reduction } from '@softlabels/core';
import {
  binaryCrossEntropyReference,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  realiseValues,
  SeededValues,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { binaryLabelSmoothingCrossEntropy } from './binary-label-smoothing-cross-entropy';
import type { BinaryLabelSmoothingCrossEntropyOptions } from './binary-label-smoothing-cross-entropy-options';

/** One call on logits and targets of any rank. */
interface BinaryCase {
  shape: number[];
  logits: ValueRecipe;
  /** Targets: hard 0/1, soft in [0, 1], or a mix with 0.5. */
  targets: { kind: 'hard' | 'soft' | 'mixed'; seed: number };
  epsilon: number | undefined;
  reduction: 'none' | 'sum' | 'mean' | undefined;
  positiveWeight: { kind: 'none' | 'number' | 'per entry'; seed: number };
  checks: boolean | undefined;
  upstream: 'one' | 'drawn';
  filler: number;
}

const binaryCase: fc.Arbitrary<BinaryCase> = fc.record({
  shape: fc.oneof(
    { weight: 1, arbitrary: fc.constant([] as number[]) },
    {
      weight: 5,
      arbitrary: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 4 }),
    },
  ),
  logits: valueRecipe(),
  targets: fc.record({ kind: fc.constantFrom('hard' as const, 'soft' as const, 'mixed' as const), seed: fc.nat() }),
  epsilon: fc.oneof(fc.constantFrom(undefined, 0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  reduction: fc.constantFrom(undefined, 'none' as const, 'sum' as const, 'mean' as const),
  positiveWeight: fc.record({
    kind: fc.constantFrom('none' as const, 'number' as const, 'per entry' as const),
    seed: fc.nat(),
  }),
  checks: fc.constantFrom(undefined, true, false),
  upstream: fc.constantFrom('one' as const, 'drawn' as const),
  filler: fc.nat({ max: 4099 }),
});

function checkCase(spec: BinaryCase): void {
  const size = spec.shape.reduce((product, value) => product * value, 1);
  const lastAxis = spec.shape.length === 0 ? 1 : (spec.shape[spec.shape.length - 1] as number);
  const logits = realiseValues(spec.logits, size);
  const random = new SeededValues(spec.targets.seed);
  const targets = Float32Array.from({ length: size }, () => {
    if (spec.targets.kind === 'hard') return random.int(2);
    if (spec.targets.kind === 'soft') return random.uniform();
    return random.pick([0, 0.5, 1, random.uniform()]);
  });
  const weightRandom = new SeededValues(spec.positiveWeight.seed);
  // A weight per entry of the last axis needs a last axis.
  const weightKind =
    spec.positiveWeight.kind === 'per entry' && spec.shape.length === 0 ? 'number' : spec.positiveWeight.kind;
  const positiveWeight =
    weightKind === 'none'
      ? null
      : weightKind === 'number'
        ? Math.fround(weightRandom.uniform() < 0.2 ? 0 : 5 * weightRandom.uniform())
        : Float32Array.from({ length: lastAxis }, () =>
            weightRandom.uniform() < 0.2 ? 0 : 5 * weightRandom.uniform(),
          );
  const epsilon = spec.epsilon ?? 0.1;
  const reduction = spec.reduction ?? 'mean';
  const upstream =
    spec.upstream === 'one'
      ? new Float32Array(reduction === 'none' ? size : 1).fill(1)
      : realiseValues(
          { seed: spec.logits.seed ^ 0x1b873593, style: 'normal', scale: 1 },
          reduction === 'none' ? size : 1,
        );
  const reference = binaryCrossEntropyReference(logits, targets, epsilon, positiveWeight, lastAxis);
  const total = reference.loss.reduce((sum, value) => sum + value, 0);
  const totalMagnitude = reference.lossMagnitude.reduce((sum, value) => sum + value, 0);
  const divisor = reduction === 'mean' ? size : 1;
  const value =
    reduction === 'none' ? reference.loss : [size === 0 && reduction === 'mean' ? Number.NaN : total / divisor];
  const valueMagnitude = reduction === 'none' ? reference.lossMagnitude : [totalMagnitude / Math.max(1, divisor)];
  const scale = (index: number): number =>
    reduction === 'none' ? (upstream[index] as number) : (upstream[0] as number) / divisor;
  const options: BinaryLabelSmoothingCrossEntropyOptions<Reduction> = {
    ...(spec.epsilon === undefined ? {} : { epsilon: spec.epsilon }),
    ...(spec.reduction === undefined ? {} : { reduction: spec.reduction }),
    ...(positiveWeight === null
      ? {}
      : { positiveWeight: typeof positiveWeight === 'number' ? positiveWeight : Array.from(positiveWeight) }),
    ...(spec.checks === undefined ? {} : { checks: spec.checks }),
  };
  expectNoTensorLeak('binaryLabelSmoothingCrossEntropy', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const z = layout.tensor(() => tf.tensor(logits, spec.shape), 'logits');
      const t = layout.tensor(() => tf.tensor(targets, spec.shape), 'targets');
      const dy = layout.tensor(() => tf.tensor(upstream, reduction === 'none' ? spec.shape : []), 'upstream');
      layout.hole(size, 'value');
      layout.openHoles();
      const result = binaryLabelSmoothingCrossEntropy(z, t, options);
      layout.guardAfterOutput('value');
      const expectedShape = reduction === 'none' ? spec.shape : [];
      if (!tf.util.arraysEqual(result.shape, expectedShape)) {
        throw new Error(`value of shape [${result.shape.join(', ')}], expected [${expectedShape.join(', ')}]`);
      }
      expectWithin('value', result.dataSync(), value, FLOAT32_BOUND, valueMagnitude);
      result.dispose();
      const loss = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(binaryLabelSmoothingCrossEntropy(x, y, options), dy));
      const [logitsGradient, targetsGradient] = tf.grads(loss)([z, t]) as [tf.Tensor, tf.Tensor];
      layout.guardAfterOutput('gradients');
      expectWithin(
        'gradient of the logits',
        logitsGradient.dataSync(),
        reference.gradient.map((entry, index) => entry * scale(index)),
        FLOAT32_BOUND,
        reference.gradientMagnitude.map((entry, index) => entry * Math.abs(scale(index))),
      );
      expectWithin(
        'gradient of the targets',
        targetsGradient.dataSync(),
        reference.targetGradient.map((entry, index) => entry * scale(index)),
        FLOAT32_BOUND,
        reference.targetGradientMagnitude.map((entry, index) => entry * Math.abs(scale(index))),
      );
      tf.dispose([logitsGradient, targetsGradient]);
      expectSameBits('logits after the call', z.dataSync(), logits);
      layout.check('binaryLabelSmoothingCrossEntropy');
      expectUnrelatedOpsIntact('binaryLabelSmoothingCrossEntropy');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `binaryLabelSmoothingCrossEntropy properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and both gradients match float64 PyTorch for any rank, weight and reduction',
      arbitrary: binaryCase,
      check: checkCase,
      runs: 150,
    },
  ],
});
