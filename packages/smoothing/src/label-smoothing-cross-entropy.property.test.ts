import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import type { Reduction } from '@softlabels/core';
import {
  classCounts,
  classWeightsRecipe,
  type ClassWeightsRecipe,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
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
  THREAD_THRESHOLD_ELEMENTS,
  valueRecipe,
  withoutKernel,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { LabelSmoothingCrossEntropyKernel } from '@softlabels/core/kernels';
import { labelSmoothingCrossEntropy } from './label-smoothing-cross-entropy';
import type { LabelSmoothingCrossEntropyOptions } from './label-smoothing-cross-entropy-options';

/** One call: shapes, inputs (as seeds), options, the upstream gradient, and how the labels are passed. */
interface CrossEntropyCase {
  /** The logits' leading axes (rank 1–3: logits of rank 2–4). */
  leading: number[];
  classes: number;
  logits: ValueRecipe;
  target:
    | {
        kind: 'index';
        seed: number;
        form: 'int32' | 'float32' | 'array';
        ignore: 'none' | 'outside' | 'a class' | 'every row';
      }
    | { kind: 'probability'; values: ValueRecipe };
  /** Undefined options are left out (their defaults apply). */
  epsilon: number | undefined;
  reduction: 'none' | 'sum' | 'mean' | undefined;
  weights: ClassWeightsRecipe;
  prior: PriorRecipe;
  /** How class vectors are passed. */
  vectorForm: 'array' | 'float32' | 'tensor';
  checks: boolean | undefined;
  /** Upstream gradient: 1 (the `model.fit` case) or drawn values. */
  upstream: 'one' | 'drawn';
  filler: number;
}

function crossEntropyCase(shape: fc.Arbitrary<{ leading: number[]; classes: number }>): fc.Arbitrary<CrossEntropyCase> {
  return fc
    .record({
      shape,
      logits: valueRecipe(),
      target: fc.oneof(
        fc.record({
          kind: fc.constant('index' as const),
          seed: fc.nat(),
          form: fc.constantFrom('int32' as const, 'float32' as const, 'array' as const),
          ignore: fc.constantFrom('none' as const, 'outside' as const, 'a class' as const, 'every row' as const),
        }),
        fc.record({ kind: fc.constant('probability' as const), values: valueRecipe() }),
      ),
      epsilon: fc.oneof(fc.constantFrom(undefined, 0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
      reduction: fc.constantFrom(undefined, 'none' as const, 'sum' as const, 'mean' as const),
      weights: classWeightsRecipe(),
      prior: priorRecipe(),
      vectorForm: fc.constantFrom('array' as const, 'float32' as const, 'tensor' as const),
      checks: fc.constantFrom(undefined, true, false),
      upstream: fc.constantFrom('one' as const, 'drawn' as const),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape, ...rest }) => ({ ...shape, ...rest }));
}

const smallShape = fc.record({
  leading: fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 2, max: 40 }))) },
    { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 3 }) },
  ),
  classes: classCounts(130),
});

/** `[rows, classes]` logits of about the kernels' thread threshold. */
const thresholdShape = fc
  .record({ classes: fc.constantFrom(1, 3, 4, 10, 33), side: fc.constantFrom(-1, 0, 1) })
  .map(({ classes, side }) => ({ leading: [Math.ceil(THREAD_THRESHOLD_ELEMENTS / classes) + side], classes }));

interface CrossEntropyData {
  rows: number;
  logits: Float32Array;
  labels: Int32Array | undefined;
  ignoreIndex: number | undefined;
  targets: Float32Array | undefined;
  classWeights: Float32Array | undefined;
  prior: Float32Array | undefined;
  upstream: Float32Array;
}

function realise(spec: CrossEntropyCase): CrossEntropyData {
  const rows = spec.leading.reduce((product, size) => product * size, 1);
  const { classes } = spec;
  let labels: Int32Array | undefined;
  let ignoreIndex: number | undefined;
  let targets: Float32Array | undefined;
  if (spec.target.kind === 'index') {
    const random = new SeededValues(spec.target.seed);
    labels = Int32Array.from({ length: rows }, () => random.int(classes));
    if (spec.target.ignore !== 'none') {
      ignoreIndex = spec.target.ignore === 'outside' ? -100 : random.int(classes);
      for (let row = 0; row < rows; row += 1) {
        if (spec.target.ignore === 'every row' || random.uniform() < 0.3) labels[row] = ignoreIndex;
      }
    }
  } else {
    targets = realiseDistributions(spec.target.values, rows, classes);
  }
  const reduced = (spec.reduction ?? 'mean') !== 'none';
  return {
    rows,
    logits: realiseValues(spec.logits, rows * classes, classes),
    labels,
    ignoreIndex,
    targets,
    classWeights: realiseClassWeights(spec.weights, classes),
    prior: realisePrior(spec.prior, classes),
    upstream:
      spec.upstream === 'one'
        ? new Float32Array(reduced ? 1 : rows).fill(1)
        : realiseValues({ seed: spec.logits.seed ^ 0x68e31da4, style: 'normal', scale: 1 }, reduced ? 1 : rows),
  };
}

function classVector(values: Float32Array | undefined, form: CrossEntropyCase['vectorForm']) {
  if (values === undefined) return undefined;
  return form === 'array' ? Array.from(values) : form === 'float32' ? values : tf.tensor1d(values);
}

interface Outcome {
  value: ArrayLike<number>;
  shape: number[];
  logitsGradient: ArrayLike<number>;
  targetsGradient: ArrayLike<number> | undefined;
}

/** One forward and backward call, in tfjs memory laid out between guards. */
function call(spec: CrossEntropyCase, data: CrossEntropyData, layout: HeapLayout): Outcome {
  const { classes } = spec;
  const shape = [...spec.leading, classes];
  const logits = layout.tensor(() => tf.tensor(data.logits, shape), 'logits');
  let labels: tf.Tensor | number[] | number[][] | number[][][];
  if (data.labels !== undefined) {
    // A nested array holding a 0 on a deeper axis comes back from arraySync as [] (shape [0]): such labels go as a tensor.
    const representable = spec.leading.length === 1 || !spec.leading.includes(0);
    const form =
      spec.target.kind === 'index' && (representable || spec.target.form !== 'array') ? spec.target.form : 'int32';
    if (form === 'array') {
      labels = tf.tidy(() => tf.tensor(data.labels as Int32Array, spec.leading, 'int32').arraySync() as number[]);
    } else {
      labels = layout.tensor(() => tf.tensor(data.labels as Int32Array, spec.leading, form), 'labels');
    }
  } else {
    labels = layout.tensor(() => tf.tensor(data.targets as Float32Array, shape), 'targets');
  }
  const upstream = layout.tensor(
    () => tf.tensor(data.upstream, (spec.reduction ?? 'mean') === 'none' ? spec.leading : []),
    'upstream',
  );
  const weights = classVector(data.classWeights, spec.vectorForm);
  const prior = classVector(data.prior, spec.vectorForm);
  const options: LabelSmoothingCrossEntropyOptions<Reduction> = {
    ...(spec.epsilon === undefined ? {} : { epsilon: spec.epsilon }),
    ...(spec.reduction === undefined ? {} : { reduction: spec.reduction }),
    ...(weights === undefined ? {} : { classWeights: weights }),
    ...(prior === undefined ? {} : { prior }),
    ...(data.ignoreIndex === undefined ? {} : { ignoreIndex: data.ignoreIndex }),
    ...(spec.checks === undefined ? {} : { checks: spec.checks }),
  };
  const size = data.rows * classes;
  layout.hole(size, 'gradient');
  layout.hole(data.rows, 'losses');
  layout.openHoles();
  try {
    const value = labelSmoothingCrossEntropy(logits, labels, options);
    layout.guardAfterOutput('value');
    const outcome: Outcome = {
      value: value.dataSync(),
      shape: value.shape,
      logitsGradient: [],
      targetsGradient: undefined,
    };
    value.dispose();
    const loss = (z: tf.Tensor, t: tf.Tensor) => tf.sum(tf.mul(labelSmoothingCrossEntropy(z, t, options), upstream));
    if (labels instanceof tf.Tensor && data.targets !== undefined) {
      const [logitsGradient, targetsGradient] = tf.grads(loss)([logits, labels]) as [tf.Tensor, tf.Tensor];
      layout.guardAfterOutput('gradients');
      outcome.logitsGradient = logitsGradient.dataSync();
      outcome.targetsGradient = targetsGradient.dataSync();
      tf.dispose([logitsGradient, targetsGradient]);
    } else {
      const labelTensor = labels instanceof tf.Tensor ? labels : tf.tensor(labels as number[]);
      const logitsGradient = tf.grad((z: tf.Tensor) => loss(z, labelTensor))(logits);
      layout.guardAfterOutput('gradient');
      outcome.logitsGradient = logitsGradient.dataSync();
      tf.dispose(logitsGradient);
      if (labelTensor !== labels) labelTensor.dispose();
    }
    expectSameBits('logits after the call', logits.dataSync(), data.logits);
    return outcome;
  } finally {
    if (weights instanceof tf.Tensor) weights.dispose();
    if (prior instanceof tf.Tensor) prior.dispose();
  }
}

/** The float64 PyTorch value and gradients of a case. */
function referenceOf(spec: CrossEntropyCase, data: CrossEntropyData) {
  const epsilon = spec.epsilon ?? 0.1;
  const reduction = spec.reduction ?? 'mean';
  const rows = lsceReference({
    logits: data.logits,
    rows: data.rows,
    classes: spec.classes,
    epsilon,
    ...(data.labels === undefined ? {} : { labels: data.labels }),
    ...(data.ignoreIndex === undefined ? {} : { ignoreIndex: data.ignoreIndex }),
    ...(data.targets === undefined ? {} : { targets: data.targets }),
    ...(data.classWeights === undefined ? {} : { classWeights: data.classWeights }),
    ...(data.prior === undefined ? {} : { prior: data.prior }),
  });
  const perRow = (index: number): number => {
    const row = Math.floor(index / spec.classes);
    if (reduction === 'none') return data.upstream[row] as number;
    const { gradientScale } = reduceReference([], reduction, rows.meanDivisor);
    // PyTorch's 'mean' over a divisor of 0 gives NaN on every row that is not ignored, 0 on ignored rows.
    return rows.ignored[row] === 1 ? 0 : (data.upstream[0] as number) * gradientScale;
  };
  const scaled = (values: Float64Array) => values.map((value, index) => value * perRow(index));
  const sizes = (values: Float64Array) => values.map((value, index) => value * Math.abs(perRow(index)));
  const reduced = reduction === 'none' ? undefined : reduceReference(rows.loss, reduction, rows.meanDivisor);
  return {
    value: reduced === undefined ? rows.loss : [reduced.value],
    valueMagnitude:
      reduced === undefined
        ? rows.lossMagnitude
        : [
            rows.lossMagnitude.reduce((sum, entry) => sum + entry, 0) *
              (reduction === 'mean' && rows.meanDivisor > 0 ? 1 / rows.meanDivisor : 1),
          ],
    shape: reduction === 'none' ? spec.leading : [],
    logitsGradient: scaled(rows.gradient),
    logitsGradientMagnitude: sizes(rows.gradientMagnitude),
    targetsGradient: rows.targetGradient === undefined ? undefined : scaled(rows.targetGradient),
    targetsGradientMagnitude:
      rows.targetGradientMagnitude === undefined ? undefined : sizes(rows.targetGradientMagnitude),
  };
}

function expectOutcome(path: string, outcome: Outcome, reference: ReturnType<typeof referenceOf>): void {
  if (!tf.util.arraysEqual(outcome.shape, reference.shape)) {
    throw new Error(`${path}: value of shape [${outcome.shape.join(', ')}], expected [${reference.shape.join(', ')}]`);
  }
  expectWithin(`${path}: value`, outcome.value, reference.value, FLOAT32_BOUND, reference.valueMagnitude);
  expectWithin(
    `${path}: gradient of the logits`,
    outcome.logitsGradient,
    reference.logitsGradient,
    FLOAT32_BOUND,
    reference.logitsGradientMagnitude,
  );
  if (reference.targetsGradient !== undefined) {
    expectWithin(
      `${path}: gradient of the targets`,
      outcome.targetsGradient ?? [],
      reference.targetsGradient,
      FLOAT32_BOUND,
      reference.targetsGradientMagnitude,
    );
  }
}

async function checkCase(spec: CrossEntropyCase): Promise<void> {
  const data = realise(spec);
  const reference = referenceOf(spec, data);
  for (const mode of ['auto', 'composed'] as const) {
    const body = (): void =>
      expectNoTensorLeak(`labelSmoothingCrossEntropy (${mode})`, () => {
        const layout = new HeapLayout(spec.filler);
        try {
          expectOutcome(mode === 'auto' ? 'default path' : 'composed path', call(spec, data, layout), reference);
          layout.check(`labelSmoothingCrossEntropy (${mode})`);
          expectUnrelatedOpsIntact(`labelSmoothingCrossEntropy (${mode})`);
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
  name: `labelSmoothingCrossEntropy properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'value and gradients match float64 PyTorch on the fused and the composed path, for every option and rank',
      arbitrary: crossEntropyCase(smallShape),
      check: checkCase,
      runs: 120,
    },
    {
      name: 'they do just below, at and above the thread threshold',
      arbitrary: crossEntropyCase(thresholdShape),
      check: checkCase,
      runs: 3,
    },
  ],
});
