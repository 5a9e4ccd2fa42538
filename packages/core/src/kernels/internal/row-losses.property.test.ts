import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  classCounts,
  classWeightsRecipe,
  type ClassWeightsRecipe,
  confidencePenaltyReference,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  focalLossReference,
  HeapLayout,
  type Placement,
  placeArray,
  realiseClassWeights,
  realiseDistributions,
  realiseValues,
  type RowLossReference,
  SeededValues,
  thresholdShape,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { setKernelThreads, startKernelThreads } from '../set-kernel-threads';
import { viewTensorData } from '../view-tensor-data';
import { runConfidencePenaltyRows } from './confidence-penalty-rows';
import { type FocalGamma, runFocalRows } from './focal-rows';
import type { RowTargets } from './row-targets';

type Target =
  | { kind: 'labels'; seed: number; ignore: 'none' | 'outside' | 'a class' | 'every row' }
  | { kind: 'targets'; values: ValueRecipe };

/** One call of either fused row loss: shapes, options and seeds (the arrays are drawn from them). */
interface RowLossCase {
  loss: 'focal' | 'confidence penalty';
  rows: number;
  classes: number;
  logits: ValueRecipe;
  target: Target;
  epsilon: number;
  gamma: number | 'flsd-53';
  beta: number;
  /** α (focal loss) or the class weights (confidence penalty). */
  weights: ClassWeightsRecipe;
  reduction: 'none' | 'sum' | 'mean';
  /** Arrays as views of whole tensors (tfjs's heap on wasm), carved out of tensors between guards, or on the host. */
  placement: Placement;
  shift: number;
  filler: number;
}

function rowLossCase(shape: fc.Arbitrary<{ rows: number; classes: number }>): fc.Arbitrary<RowLossCase> {
  return fc
    .record({
      loss: fc.constantFrom('focal' as const, 'confidence penalty' as const),
      shape,
      logits: valueRecipe(),
      target: fc.oneof(
        fc.record({
          kind: fc.constant('labels' as const),
          seed: fc.nat(),
          ignore: fc.constantFrom('none' as const, 'outside' as const, 'a class' as const, 'every row' as const),
        }),
        fc.record({ kind: fc.constant('targets' as const), values: valueRecipe() }),
      ),
      epsilon: fc.oneof(fc.constantFrom(0, 0, 1, 0.1), fc.double({ min: 0, max: 1, noNaN: true })),
      gamma: fc.constantFrom(0, 0.25, 0.5, 1, 2, 5, 'flsd-53' as const),
      beta: fc.constantFrom(0, 0.1, 0.5, 2),
      weights: classWeightsRecipe(),
      reduction: fc.constantFrom('none' as const, 'sum' as const, 'mean' as const),
      placement: fc.constantFrom('slabs' as const, 'slabs' as const, 'tensors' as const, 'host' as const),
      shift: fc.nat({ max: 5 }),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape, ...rest }) => ({
      ...shape,
      ...rest,
      // The kernel takes FLSD-53 with index targets only.
      gamma: rest.gamma === 'flsd-53' && rest.target.kind === 'targets' ? 2 : rest.gamma,
    }));
}

interface RowLossData {
  logits: Float32Array;
  labels: Int32Array | undefined;
  ignoreIndex: number | undefined;
  targets: Float32Array | undefined;
  weights: Float32Array;
}

function realise(spec: RowLossCase): RowLossData {
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
    targets = realiseDistributions(spec.target.values, rows, classes);
  }
  const weights = realiseClassWeights(spec.weights, classes) ?? new Float32Array(classes).fill(1);
  return { logits, labels, ignoreIndex, targets, weights };
}

const FLSD_53: FocalGamma = { value: 3, low: 5, threshold: 0.2 };

/** Runs the case's loss where it places its arrays; returns what it computed, read back from those arrays. */
function runCase(spec: RowLossCase, data: RowLossData, layout: HeapLayout) {
  const { rows, classes } = spec;
  const place = <T extends Float32Array | Int32Array>(values: T, label: string) =>
    placeArray(spec.placement, layout, values, label, spec.shift, viewTensorData);
  const logits = place(data.logits, 'logits');
  const labels = data.labels === undefined ? undefined : place(data.labels, 'labels');
  const targets = data.targets === undefined ? undefined : place(data.targets, 'targets');
  const lossOut = place(new Float32Array(rows), 'loss');
  const gradientOut = place(new Float32Array(rows * classes), 'gradient');
  // Views last: every allocation above may have moved the heap.
  const target: RowTargets =
    labels === undefined
      ? { kind: 'targets', targets: targets?.view() as Float32Array }
      : { kind: 'labels', labels: labels.view(), ignoreIndex: data.ignoreIndex };
  const common = {
    logits: logits.view(),
    rows,
    classes,
    target,
    epsilon: spec.epsilon,
    reduction: spec.reduction,
    loss: lossOut.view(),
    gradient: gradientOut.view(),
    functionName: 'rowLosses',
  };
  const reduced =
    spec.loss === 'focal'
      ? runFocalRows({
          ...common,
          alpha: data.weights,
          gamma: spec.gamma === 'flsd-53' ? FLSD_53 : { value: spec.gamma, low: spec.gamma, threshold: 0 },
        })
      : runConfidencePenaltyRows({ ...common, classWeights: data.weights, beta: spec.beta });
  expectSameBits('logits after the call', logits.read(), data.logits);
  if (targets !== undefined) expectSameBits('targets after the call', targets.read(), data.targets as Float32Array);
  if (labels !== undefined) expectSameBits('labels after the call', labels.read(), data.labels as Int32Array);
  return { loss: lossOut.read(), gradient: gradientOut.read(), reduced };
}

/** The case's reference: per-row losses and gradients, the reduction's divisors and the terms' sizes. */
/** FLSD-53's threshold on p_y, and how close to it float32 and float64 may pick different γ. */
const FLSD_THRESHOLD = 0.2;
const FLSD_AMBIGUITY = 1e-5;

/**
 * γ of row n: FLSD-53's choice, except that a p_y within float32 rounding of the threshold takes the γ (3 or 5) whose
 * loss is nearer the kernel's `loss[n]` (both are right there).
 */
function flsdGamma(spec: RowLossCase, data: RowLossData, loss: Float32Array) {
  return (p: number, n: number): number => {
    if (Math.abs(p - FLSD_THRESHOLD) > FLSD_AMBIGUITY) return p < FLSD_THRESHOLD ? 5 : 3;
    const { classes } = spec;
    const row = (gamma: number): number =>
      focalLossReference({
        logits: data.logits.subarray(n * classes, (n + 1) * classes),
        rows: 1,
        classes,
        labels: (data.labels as Int32Array).subarray(n, n + 1),
        epsilon: spec.epsilon,
        alpha: data.weights,
        gammaOf: () => gamma,
      }).loss[0] as number;
    const got = loss[n] as number;
    return Math.abs(row(5) - got) < Math.abs(row(3) - got) ? 5 : 3;
  };
}

function reference(spec: RowLossCase, data: RowLossData, loss: Float32Array) {
  const input = {
    logits: data.logits,
    rows: spec.rows,
    classes: spec.classes,
    epsilon: spec.epsilon,
    ...(data.labels === undefined ? {} : { labels: data.labels }),
    ...(data.ignoreIndex === undefined ? {} : { ignoreIndex: data.ignoreIndex }),
    ...(data.targets === undefined ? {} : { targets: data.targets }),
  };
  const counted = (ignored: Uint8Array): number => ignored.length - ignored.reduce((sum, entry) => sum + entry, 0);
  if (spec.loss === 'focal') {
    const gamma = spec.gamma;
    const result: RowLossReference = focalLossReference({
      ...input,
      alpha: data.weights,
      gammaOf: gamma === 'flsd-53' ? flsdGamma(spec, data, loss) : () => gamma,
    });
    const kept = counted(result.ignored);
    // 'mean' over no rows is NaN with a zero gradient.
    const scale = spec.reduction === 'mean' ? (kept > 0 ? 1 / kept : 0) : 1;
    return { ...result, crossEntropyScale: scale, penaltyScale: 0, meanValue: (total: number) => total / kept };
  }
  const { crossEntropy, entropy, entropyMagnitude, entropyGradient, entropyGradientMagnitude, meanDivisor } =
    confidencePenaltyReference({ ...input, classWeights: data.weights });
  const kept = Math.max(counted(crossEntropy.ignored), 1);
  const mean = spec.reduction === 'mean';
  const crossEntropyScale = mean ? (meanDivisor > 0 ? 1 / meanDivisor : Number.NaN) : 1;
  const penaltyScale = (mean ? 1 / kept : 1) * spec.beta;
  return {
    loss: crossEntropy.loss.map((value, n) => value - spec.beta * (entropy[n] as number)),
    lossMagnitude: crossEntropy.lossMagnitude.map((value, n) => value + spec.beta * (entropyMagnitude[n] as number)),
    // The gradient of the reduced loss, both terms scaled by their own divisors.
    gradient: crossEntropy.gradient.map(
      (value, index) => value * crossEntropyScale - penaltyScale * (entropyGradient[index] as number),
    ),
    gradientMagnitude: crossEntropy.gradientMagnitude.map(
      (value, index) =>
        value * Math.abs(crossEntropyScale) + penaltyScale * (entropyGradientMagnitude[index] as number),
    ),
    ignored: crossEntropy.ignored,
    crossEntropyScale: 1,
    penaltyScale,
    meanValue: () =>
      crossEntropy.loss.reduce((a, b) => a + b, 0) * crossEntropyScale -
      (spec.beta * entropy.reduce((a, b) => a + b, 0)) / kept,
  };
}

function checkCase(spec: RowLossCase): void {
  const data = realise(spec);
  expectNoTensorLeak(spec.loss, () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const got = runCase(spec, data, layout);
      layout.check(spec.loss);
      const expected = reference(spec, data, got.loss as Float32Array);
      expectWithin('loss', got.loss, expected.loss, FLOAT32_BOUND, expected.lossMagnitude);
      const total = expected.loss.reduce((a, b) => a + b, 0);
      const size = expected.lossMagnitude.reduce((a, b) => a + b, 0);
      if (spec.reduction === 'none') {
        if (got.reduced !== undefined) throw new Error(`reduced is ${got.reduced} for reduction 'none'`);
      } else if (spec.reduction === 'sum') {
        expectWithin('reduced (sum)', [got.reduced ?? Number.NaN], [total], FLOAT32_BOUND, [size]);
      } else {
        const value = expected.meanValue(total);
        expectWithin('reduced (mean)', [got.reduced ?? Number.NaN], [value], FLOAT32_BOUND, [size]);
      }
      // Ignored rows have a zero gradient, whatever the reduction's scale (NaN for a 'mean' over no weight).
      const kept = (index: number): boolean => expected.ignored[Math.floor(index / spec.classes)] !== 1;
      expectWithin(
        'gradient',
        got.gradient,
        expected.gradient.map((value, index) => (kept(index) ? value * expected.crossEntropyScale : 0)),
        FLOAT32_BOUND,
        expected.gradientMagnitude.map((value, index) => (kept(index) ? value * expected.crossEntropyScale : 0)),
      );
      expectUnrelatedOpsIntact(spec.loss);
    } finally {
      layout.dispose();
    }
  });
}

/** A case with one non-finite logit or target at a drawn position (in a row that counts). */
interface NonFiniteCase {
  spec: RowLossCase;
  at: number;
  value: number;
  inTargets: boolean;
}

const nonFiniteCase: fc.Arbitrary<NonFiniteCase> = fc
  .record({
    spec: rowLossCase(fc.record({ rows: fc.integer({ min: 1, max: 20 }), classes: classCounts(70) })),
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
  if (data.labels !== undefined && data.labels[row] === data.ignoreIndex) {
    if (spec.classes === 1 && data.ignoreIndex === 0) data.ignoreIndex = undefined;
    else data.labels[row] = data.ignoreIndex === 0 ? spec.classes - 1 : 0;
  }
  expectNoTensorLeak(`${spec.loss} (non-finite input)`, () => {
    const layout = new HeapLayout(spec.filler);
    try {
      let failure: unknown;
      try {
        runCase(spec, data, layout);
      } catch (error) {
        failure = error;
      }
      // A non-finite target whose weight is 0 leaves the loss finite only if it is multiplied by 0: never for NaN/∞.
      if (!InvalidArgumentError.isInstance(failure)) {
        throw new Error(
          `a ${value} at row ${row}, column ${column} gave ${failure === undefined ? 'no error' : String(failure)}`,
        );
      }
      const parameter = intoTargets ? 'targets' : 'logits';
      if (!failure.message.includes(parameter) || !failure.message.includes(`row ${row}, column ${column}`)) {
        throw new Error(
          `the error for a ${value} in ${parameter} at row ${row}, column ${column} says: ${failure.message}`,
        );
      }
      layout.check(`${spec.loss} (non-finite input)`);
      expectUnrelatedOpsIntact(`${spec.loss} (non-finite input)`);
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `focal loss and confidence penalty kernels' properties (${tf.getBackend()})`,
  setup: async () => {
    setKernelThreads('auto');
    await startKernelThreads();
  },
  properties: [
    {
      name: 'match the float64 references on every option, in place or on copies, leaving other memory alone',
      arbitrary: rowLossCase(
        fc.record({
          rows: fc.oneof(
            { weight: 1, arbitrary: fc.constantFrom(0, 1) },
            { weight: 4, arbitrary: fc.integer({ min: 2, max: 40 }) },
          ),
          classes: classCounts(300),
        }),
      ),
      check: checkCase,
      runs: 300,
    },
    {
      name: 'match the references just below, at and above the thread threshold',
      arbitrary: rowLossCase(thresholdShape()),
      check: checkCase,
      runs: 6,
    },
    {
      name: 'reject a non-finite logit or target, naming its row and column, and write nowhere else',
      arbitrary: nonFiniteCase,
      check: checkNonFinite,
      runs: 60,
    },
  ],
});
