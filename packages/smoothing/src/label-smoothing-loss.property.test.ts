import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  classCounts,
  classWeightsRecipe,
  type ClassWeightsRecipe,
  definePropertySuite,
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  HeapLayout,
  lsceReference,
  priorRecipe,
  type PriorRecipe,
  realiseClassWeights,
  realiseDistributions,
  realisePrior,
  realiseValues,
  reduceReference,
  SeededValues,
  valueRecipe,
  withoutKernel,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { LabelSmoothingCrossEntropyKernel } from '@softlabels/core/kernels';
import { labelSmoothingLoss } from './label-smoothing-loss';
import type { LabelSmoothingLossOptions } from './label-smoothing-loss-options';

/** Probabilities below this are clipped before the log when `fromLogits` is false (the loss's own floor, as Keras). */
const PROBABILITY_FLOOR = Math.fround(1e-7);

/** One `labelSmoothingLoss(options)(yTrue, yPred)` call. */
interface LossCase {
  batch: number;
  classes: number;
  predictions: ValueRecipe;
  fromLogits: boolean | undefined;
  /** Sparse labels `[batch]` or `[batch, 1]` (int32 or float32), or one-hot / soft targets `[batch, C]`. */
  targets:
    | { form: 'sparse' | 'sparse column'; dtype: 'int32' | 'float32'; seed: number }
    | { form: 'one-hot' | 'soft'; seed: number };
  epsilon: number | undefined;
  reduction: 'mean' | 'sum' | undefined;
  weights: ClassWeightsRecipe;
  prior: PriorRecipe;
  checks: boolean | undefined;
  filler: number;
}

const lossCase: fc.Arbitrary<LossCase> = fc.record({
  batch: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(0, 1) },
    { weight: 4, arbitrary: fc.integer({ min: 2, max: 40 }) },
  ),
  classes: classCounts(70),
  predictions: valueRecipe(),
  fromLogits: fc.constantFrom(undefined, true, false),
  targets: fc.oneof(
    fc.record({
      form: fc.constantFrom('sparse' as const, 'sparse column' as const),
      dtype: fc.constantFrom('int32' as const, 'float32' as const),
      seed: fc.nat(),
    }),
    fc.record({ form: fc.constantFrom('one-hot' as const, 'soft' as const), seed: fc.nat() }),
  ),
  epsilon: fc.oneof(fc.constantFrom(undefined, 0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  reduction: fc.constantFrom(undefined, 'mean' as const, 'sum' as const),
  weights: classWeightsRecipe(),
  prior: priorRecipe(),
  checks: fc.constantFrom(undefined, true, false),
  filler: fc.nat({ max: 4099 }),
});

function realise(spec: LossCase) {
  const { batch, classes } = spec;
  const fromLogits = spec.fromLogits ?? true;
  const predictions = fromLogits
    ? realiseValues(spec.predictions, batch * classes, classes)
    : realiseDistributions(spec.predictions, batch, classes);
  const random = new SeededValues(spec.targets.seed);
  const labels = Int32Array.from({ length: batch }, () => random.int(classes));
  // With one class a [batch, 1] label tensor has yPred's shape: it reads as probabilities (one-hot), as documented.
  const sparse = spec.targets.form === 'sparse' || (spec.targets.form === 'sparse column' && classes > 1);
  let targets: Float32Array | undefined;
  if (!sparse) {
    targets =
      spec.targets.form === 'soft'
        ? realiseDistributions({ seed: spec.targets.seed, style: 'normal', scale: 2 }, batch, classes)
        : Float32Array.from({ length: batch * classes }, (_, index) =>
            labels[Math.floor(index / classes)] === index % classes ? 1 : 0,
          );
  }
  // The logits the loss works on: yPred itself, or log of the clipped probabilities.
  const logits = fromLogits
    ? Float64Array.from(predictions)
    : Float64Array.from(predictions, (p) => Math.log(Math.min(1, Math.max(PROBABILITY_FLOOR, p))));
  return { predictions, labels, targets, logits, fromLogits, sparse };
}

async function checkCase(spec: LossCase): Promise<void> {
  const data = realise(spec);
  const classWeights = realiseClassWeights(spec.weights, spec.classes);
  const prior = realisePrior(spec.prior, spec.classes);
  const epsilon = spec.epsilon ?? 0.1;
  const reduction = spec.reduction ?? 'mean';
  const rows = lsceReference({
    logits: data.logits,
    rows: spec.batch,
    classes: spec.classes,
    epsilon,
    ...(data.sparse ? { labels: data.labels } : { targets: data.targets as Float32Array }),
    ...(classWeights === undefined ? {} : { classWeights }),
    ...(prior === undefined ? {} : { prior }),
  });
  const { value, gradientScale } = reduceReference(rows.loss, reduction, rows.meanDivisor);
  const valueMagnitude =
    rows.lossMagnitude.reduce((sum, entry) => sum + entry, 0) *
    (reduction === 'mean' && rows.meanDivisor > 0 ? gradientScale : 1);
  // ∂/∂yPred: the logits' gradient, through log p where p lies inside the clipping range (tfjs passes the bounds).
  const chain = (index: number): number => {
    if (data.fromLogits) return gradientScale;
    const p = data.predictions[index] as number;
    return p >= PROBABILITY_FLOOR && p <= 1 ? gradientScale / p : 0;
  };
  const gradient = rows.gradient.map((entry, index) => entry * chain(index));
  const gradientMagnitude = rows.gradientMagnitude.map((entry, index) => entry * Math.abs(chain(index)));
  const options: LabelSmoothingLossOptions = {
    ...(spec.epsilon === undefined ? {} : { epsilon: spec.epsilon }),
    ...(spec.reduction === undefined ? {} : { reduction: spec.reduction }),
    ...(classWeights === undefined ? {} : { classWeights }),
    ...(prior === undefined ? {} : { prior }),
    ...(spec.fromLogits === undefined ? {} : { fromLogits: spec.fromLogits }),
    ...(spec.checks === undefined ? {} : { checks: spec.checks }),
  };
  const loss = labelSmoothingLoss(options);
  for (const mode of ['auto', 'composed'] as const) {
    const body = (): void =>
      expectNoTensorLeak(`labelSmoothingLoss (${mode})`, () => {
        const layout = new HeapLayout(spec.filler);
        try {
          const yPred = layout.tensor(() => tf.tensor2d(data.predictions, [spec.batch, spec.classes]), 'yPred');
          const yTrue = layout.tensor(() => {
            if (!data.sparse) return tf.tensor2d(data.targets as Float32Array, [spec.batch, spec.classes]);
            const dtype =
              spec.targets.form === 'sparse' || spec.targets.form === 'sparse column' ? spec.targets.dtype : 'int32';
            return tf.tensor(
              data.labels,
              spec.targets.form === 'sparse column' ? [spec.batch, 1] : [spec.batch],
              dtype,
            );
          }, 'yTrue');
          layout.hole(spec.batch * spec.classes, 'gradient');
          layout.openHoles();
          const result = loss(yTrue, yPred);
          layout.guardAfterOutput('value');
          const got = result.dataSync();
          const shape = result.shape;
          result.dispose();
          if (shape.length !== 0) throw new Error(`the loss has shape [${shape.join(', ')}], expected a scalar`);
          const path = mode === 'auto' ? 'default path' : 'composed path';
          expectWithin(`${path}: value`, got, [value], FLOAT32_BOUND, [valueMagnitude]);
          const predictionsGradient = tf.grad((p: tf.Tensor) => loss(yTrue, p))(yPred);
          layout.guardAfterOutput('gradient');
          expectWithin(
            `${path}: gradient of yPred`,
            predictionsGradient.dataSync(),
            gradient,
            FLOAT32_BOUND,
            gradientMagnitude,
          );
          predictionsGradient.dispose();
          layout.check(`labelSmoothingLoss (${mode})`);
          expectUnrelatedOpsIntact(`labelSmoothingLoss (${mode})`);
        } finally {
          layout.dispose();
        }
      });
    // The composed ops run with the fused kernel unregistered, as on CUDA.
    if (mode === 'auto') body();
    else await withoutKernel(LabelSmoothingCrossEntropyKernel, body);
  }
}

definePropertySuite({
  name: `labelSmoothingLoss properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and gradient match float64 PyTorch for logits and probabilities, sparse and dense targets, both paths',
      arbitrary: lossCase,
      check: checkCase,
      runs: 100,
    },
  ],
});
