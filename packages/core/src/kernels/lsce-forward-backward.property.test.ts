import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
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
  FLOAT64_BOUND,
  HeapLayout,
  lsceReference,
  realiseDistributions,
  realiseValues,
  reduceReference,
  type Placement,
  placeArray,
  priorRecipe,
  type PriorRecipe,
  realiseClassWeights,
  realisePrior,
  SeededValues,
  thresholdShape,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { lsceForwardBackward, type LsceForwardBackwardOptions } from './lsce-forward-backward';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { viewTensorData } from './view-tensor-data';

type Target =
  | { kind: 'labels'; seed: number; ignore: 'none' | 'outside' | 'a class' | 'every row' }
  | { kind: 'targets'; values: ValueRecipe; distributions: boolean };

/** One case: shapes, options and seeds (the arrays are drawn from them). */
interface LsceCase {
  rows: number;
  classes: number;
  logits: ValueRecipe;
  target: Target;
  epsilon: number;
  weights: ClassWeightsRecipe;
  prior: PriorRecipe;
  gradient: boolean;
  reduction: 'none' | 'sum' | 'mean';
  /** Write into given arrays (tensor memory on `heap`) or let the kernel allocate. */
  outputs: 'given' | 'new';
  /**
   * Arrays as views of whole tensors (tfjs's heap on wasm), as views carved out of tensors between guard elements
   * (`slabs`: any element offset, a guard right behind the last element), or host arrays at an offset.
   */
  placement: Placement;
  /** Elements between a slab's leading guard and its array. */
  shift: number;
  /** Float32 elements allocated before the case's arrays. */
  filler: number;
}

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({
    kind: fc.constant('labels' as const),
    seed: fc.nat(),
    ignore: fc.constantFrom('none' as const, 'outside' as const, 'a class' as const, 'every row' as const),
  }),
  fc.record({ kind: fc.constant('targets' as const), values: valueRecipe(), distributions: fc.boolean() }),
);

function lsceCase(shape: fc.Arbitrary<{ rows: number; classes: number }>): fc.Arbitrary<LsceCase> {
  return fc
    .record({
      shape,
      logits: valueRecipe(),
      target,
      epsilon: fc.oneof(fc.constantFrom(0, 1, 0.1), fc.double({ min: 0, max: 1, noNaN: true })),
      weights: classWeightsRecipe(),
      prior: priorRecipe(),
      gradient: fc.boolean(),
      reduction: fc.constantFrom('none' as const, 'sum' as const, 'mean' as const),
      outputs: fc.constantFrom('given' as const, 'given' as const, 'new' as const),
      placement: fc.constantFrom('slabs' as const, 'slabs' as const, 'tensors' as const, 'host' as const),
      shift: fc.nat({ max: 5 }),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape, ...rest }) => ({ ...shape, ...rest }));
}

const smallShape = fc.record({
  rows: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(0, 1) },
    { weight: 4, arbitrary: fc.integer({ min: 2, max: 40 }) },
  ),
  classes: classCounts(300),
});

/** The host arrays of a case. */
interface LsceData {
  logits: Float32Array;
  labels: Int32Array | undefined;
  ignoreIndex: number | undefined;
  targets: Float32Array | undefined;
  classWeights: Float32Array | undefined;
  prior: Float32Array | undefined;
}

function realise(spec: LsceCase): LsceData {
  const { rows, classes } = spec;
  const logits = realiseValues(spec.logits, rows * classes, classes);
  let labels: Int32Array | undefined;
  let ignoreIndex: number | undefined;
  let targets: Float32Array | undefined;
  if (spec.target.kind === 'labels') {
    const random = new SeededValues(spec.target.seed);
    labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const { ignore } = spec.target;
    if (ignore !== 'none') {
      ignoreIndex = ignore === 'outside' ? -100 : random.int(classes);
      for (let row = 0; row < rows; row += 1)
        if (ignore === 'every row' || random.uniform() < 0.3) labels[row] = ignoreIndex;
    }
  } else {
    targets = spec.target.distributions
      ? realiseDistributions(spec.target.values, rows, classes)
      : realiseValues({ ...spec.target.values, scale: Math.min(spec.target.values.scale, 3) }, rows * classes, classes);
  }
  return {
    logits,
    labels,
    ignoreIndex,
    targets,
    classWeights: realiseClassWeights(spec.weights, classes),
    prior: realisePrior(spec.prior, classes),
  };
}

function place<T extends Float32Array | Int32Array>(spec: LsceCase, layout: HeapLayout, values: T, label: string) {
  return placeArray(spec.placement, layout, values, label, spec.shift, viewTensorData);
}

/** Runs the kernel on `spec` where it places its arrays; returns what it computed, read back from those arrays. */
function runCase(spec: LsceCase, data: LsceData, layout: HeapLayout) {
  const { rows, classes } = spec;
  const logits = place(spec, layout, data.logits, 'logits');
  const labels = data.labels === undefined ? undefined : place(spec, layout, data.labels, 'labels');
  const targets = data.targets === undefined ? undefined : place(spec, layout, data.targets, 'targets');
  const given = spec.outputs === 'given';
  const lossOut = given ? place(spec, layout, new Float32Array(rows), 'loss') : undefined;
  const gradientOut = given ? place(spec, layout, new Float32Array(rows * classes), 'gradient') : undefined;

  // Views last: every allocation above may have moved the heap.
  const options: LsceForwardBackwardOptions = {
    logits: logits.view(),
    rows,
    classes,
    epsilon: spec.epsilon,
    gradient: spec.gradient,
    reduction: spec.reduction,
    ...(data.classWeights === undefined ? {} : { classWeights: data.classWeights }),
    ...(data.prior === undefined ? {} : { prior: data.prior }),
  };
  if (labels !== undefined) {
    options.labels = labels.view();
    if (data.ignoreIndex !== undefined) options.ignoreIndex = data.ignoreIndex;
  } else {
    options.targets = targets?.view();
  }
  if (given) options.outputs = { loss: lossOut?.view(), gradient: gradientOut?.view() };
  const result = lsceForwardBackward(options);
  const loss = lossOut?.read() ?? result.loss;
  const gradient = spec.gradient ? (gradientOut?.read() ?? result.gradient) : undefined;
  if (!spec.gradient && gradientOut !== undefined) {
    // An output not asked for is left as it was.
    expectSameBits('gradient output with gradient: false', gradientOut.read(), new Float32Array(rows * classes));
  }
  if (spec.gradient !== (result.gradient !== undefined)) {
    throw new Error(`gradient: ${spec.gradient}, but result.gradient is ${String(result.gradient)}`);
  }
  expectSameBits('logits after the call', logits.read(), data.logits);
  if (targets !== undefined) expectSameBits('targets after the call', targets.read(), data.targets as Float32Array);
  if (labels !== undefined) expectSameBits('labels after the call', labels.read(), data.labels as Int32Array);
  return { loss, gradient, reduced: result.reduced, meanDivisor: result.meanDivisor };
}

function checkCase(spec: LsceCase): void {
  const data = realise(spec);
  expectNoTensorLeak('lsceForwardBackward', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const got = runCase(spec, data, layout);
      layout.check('lsceForwardBackward');
      const reference = lsceReference({
        logits: data.logits,
        rows: spec.rows,
        classes: spec.classes,
        epsilon: spec.epsilon,
        ...(data.labels === undefined ? {} : { labels: data.labels }),
        ...(data.ignoreIndex === undefined ? {} : { ignoreIndex: data.ignoreIndex }),
        ...(data.targets === undefined ? {} : { targets: data.targets }),
        ...(data.classWeights === undefined ? {} : { classWeights: data.classWeights }),
        ...(data.prior === undefined ? {} : { prior: data.prior }),
      });
      // Σ|u·log p| + Σ|u| bounds the float32 error of the loss.
      expectWithin('loss', got.loss, reference.loss, FLOAT32_BOUND, reference.lossMagnitude);
      expectWithin('meanDivisor', [got.meanDivisor], [reference.meanDivisor], FLOAT64_BOUND);
      // The gradient of the reduced loss: every row's times 1/divisor for 'mean' (NaN when the divisor is 0, but 0 on
      // ignored rows).
      let scale = 1;
      if (spec.reduction === 'none') {
        if (got.reduced !== undefined) throw new Error(`reduced is ${got.reduced} for reduction 'none'`);
      } else {
        const { value, gradientScale } = reduceReference(reference.loss, spec.reduction, reference.meanDivisor);
        scale = gradientScale;
        const size =
          reference.lossMagnitude.reduce((sum, entry) => sum + entry, 0) *
          (reference.meanDivisor > 0 ? gradientScale : 1);
        expectWithin(`reduced (${spec.reduction})`, [got.reduced ?? Number.NaN], [value], FLOAT32_BOUND, [size]);
      }
      if (got.gradient !== undefined) {
        const rowScale = (index: number) => (reference.ignored[Math.floor(index / spec.classes)] === 1 ? 0 : scale);
        expectWithin(
          'gradient',
          got.gradient,
          reference.gradient.map((value, index) => value * rowScale(index)),
          FLOAT32_BOUND,
          reference.gradientMagnitude.map((value, index) => value * rowScale(index)),
        );
      }
      expectUnrelatedOpsIntact('lsceForwardBackward');
    } finally {
      layout.dispose();
    }
  });
}

/** A case with one non-finite logit or target at a drawn position. */
interface NonFiniteCase {
  spec: LsceCase;
  at: number;
  value: number;
  inTargets: boolean;
}

const nonFiniteCase: fc.Arbitrary<NonFiniteCase> = fc
  .record({
    spec: lsceCase(fc.record({ rows: fc.integer({ min: 1, max: 20 }), classes: classCounts(70) })),
    at: fc.nat(),
    value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    inTargets: fc.boolean(),
  })
  .map((entry) => ({ ...entry, at: entry.at % (entry.spec.rows * entry.spec.classes) }));

function checkNonFinite({ spec, at, value, inTargets }: NonFiniteCase): void {
  const data = realise(spec);
  const intoTargets = inTargets && data.targets !== undefined;
  (intoTargets ? (data.targets as Float32Array) : data.logits)[at] = value;
  const row = Math.floor(at / spec.classes);
  const column = at % spec.classes;
  // An ignored row has loss 0 whatever its logits (PyTorch's too): the bad value goes into a row that counts.
  if (data.labels !== undefined && data.labels[row] === data.ignoreIndex) {
    if (spec.classes === 1 && data.ignoreIndex === 0) data.ignoreIndex = undefined;
    else data.labels[row] = data.ignoreIndex === 0 ? spec.classes - 1 : 0;
  }
  expectNoTensorLeak('lsceForwardBackward (non-finite input)', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      let failure: unknown;
      try {
        runCase(spec, data, layout);
      } catch (error) {
        failure = error;
      }
      if (!InvalidArgumentError.isInstance(failure)) {
        throw new Error(
          `a ${value} at row ${row}, column ${column} gave ${failure === undefined ? 'no error' : String(failure)}`,
        );
      }
      const parameter = intoTargets ? 'options.targets' : 'options.logits';
      if (!failure.message.includes(parameter) || !failure.message.includes(`row ${row}, column ${column}`)) {
        throw new Error(
          `the error for a ${value} in ${parameter} at row ${row}, column ${column} says: ${failure.message}`,
        );
      }
      layout.check('lsceForwardBackward (non-finite input)');
      expectUnrelatedOpsIntact('lsceForwardBackward (non-finite input)');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `lsceForwardBackward properties (${tf.getBackend()})`,
  setup: async () => {
    setKernelThreads('auto');
    await startKernelThreads();
  },
  properties: [
    {
      name: 'matches the float64 PyTorch reference on every option, in place or on copies, leaving other memory alone',
      arbitrary: lsceCase(smallShape),
      check: checkCase,
      runs: 400,
    },
    {
      name: 'matches the reference just below, at and above the thread threshold',
      arbitrary: lsceCase(thresholdShape()),
      check: checkCase,
      runs: 6,
    },
    {
      name: 'rejects a non-finite logit or target, naming its row and column, and writes nowhere else',
      arbitrary: nonFiniteCase,
      check: checkNonFinite,
      runs: 60,
    },
  ],
});
