import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  calibrationRowsReference,
  classCounts,
  definePropertySuite,
  expectNoTensorLeak,
  expectSameBits,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT32_BOUND,
  FLOAT64_BOUND,
  HeapLayout,
  type Placement,
  placeArray,
  realiseDistributions,
  realiseValues,
  SeededValues,
  thresholdShape,
  uniformBinReference,
  valueRecipe,
  type ValueRecipe,
} from '@softlabels/test-utils';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { calibrationStatistics, type CalibrationStatisticsResult } from './calibration-statistics';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { viewTensorData } from './view-tensor-data';

/** One case: shapes, options and seeds (the arrays are drawn from them). */
interface StatisticsCase {
  rows: number;
  classes: number;
  kind: 'logits' | 'probabilities';
  values: ValueRecipe;
  /** Probabilities: rows that sum to 1 (some entries a hair below 0), or any values in [0, 1]. */
  normalised: boolean;
  labelSeed: number;
  /** Undefined: the default (15). */
  bins: number | undefined;
  placement: Placement;
  shift: number;
  filler: number;
}

function statisticsCase(shape: fc.Arbitrary<{ rows: number; classes: number }>): fc.Arbitrary<StatisticsCase> {
  return fc
    .record({
      shape,
      kind: fc.constantFrom('logits' as const, 'probabilities' as const),
      values: valueRecipe(),
      normalised: fc.boolean(),
      labelSeed: fc.nat(),
      bins: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }) },
        { weight: 1, arbitrary: fc.constantFrom(1000, 100_000, 1_000_000) },
      ),
      placement: fc.constantFrom('slabs' as const, 'slabs' as const, 'tensors' as const, 'host' as const),
      shift: fc.nat({ max: 5 }),
      filler: fc.nat({ max: 4099 }),
    })
    .map(({ shape, ...rest }) => ({ ...shape, ...rest }));
}

const smallShape = fc.record({
  rows: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(0, 1) },
    { weight: 4, arbitrary: fc.integer({ min: 2, max: 60 }) },
  ),
  classes: classCounts(300),
});

function realise(spec: StatisticsCase): { values: Float32Array; labels: Int32Array } {
  const { rows, classes } = spec;
  let values: Float32Array;
  if (spec.kind === 'logits') {
    values = realiseValues(spec.values, rows * classes, classes);
  } else if (spec.normalised) {
    values = realiseDistributions(spec.values, rows, classes, 1e-3);
  } else {
    const random = new SeededValues(spec.values.seed);
    values = Float32Array.from({ length: rows * classes }, () =>
      random.uniform() < 0.2 ? random.pick([0, -0, 1]) : random.uniform(),
    );
  }
  const random = new SeededValues(spec.labelSeed);
  return { values, labels: Int32Array.from({ length: rows }, () => random.int(classes)) };
}

function run(spec: StatisticsCase, data: { values: Float32Array; labels: Int32Array }, layout: HeapLayout) {
  const values = placeArray(spec.placement, layout, data.values, spec.kind, spec.shift, viewTensorData);
  const labels = placeArray(spec.placement, layout, data.labels, 'labels', spec.shift, viewTensorData);
  const result = calibrationStatistics({
    ...(spec.kind === 'logits' ? { logits: values.view() } : { probabilities: values.view() }),
    rows: spec.rows,
    classes: spec.classes,
    labels: labels.view(),
    ...(spec.bins === undefined ? {} : { bins: spec.bins }),
  });
  expectSameBits(`${spec.kind} after the call`, values.read(), data.values);
  expectSameBits('labels after the call', labels.read(), data.labels);
  return result;
}

/** The kernel's bins must be those of its own float32 confidences, compared against float64 edges m/M. */
function checkBins(result: CalibrationStatisticsResult, labels: Int32Array, bins: number): void {
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const correct = new Float64Array(bins);
  result.confidence.forEach((confidence, row) => {
    const bin = uniformBinReference(confidence, bins);
    counts[bin] = (counts[bin] as number) + 1;
    sums[bin] = (sums[bin] as number) + confidence;
    if (result.predicted[row] === labels[row]) correct[bin] = (correct[bin] as number) + 1;
  });
  expectSameBits('binCounts', result.binCounts, counts);
  expectSameBits('binCorrectCounts', result.binCorrectCounts, correct);
  expectWithin('binConfidenceSums', result.binConfidenceSums, sums, FLOAT64_BOUND);
}

function checkCase(spec: StatisticsCase): void {
  const data = realise(spec);
  expectNoTensorLeak('calibrationStatistics', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      const result = run(spec, data, layout);
      layout.check('calibrationStatistics');
      const reference = calibrationRowsReference(data.values, spec.kind, spec.rows, spec.classes, data.labels);
      expectSameBits('predicted', result.predicted, reference.predicted);
      if (spec.kind === 'logits') {
        expectWithin('confidence', result.confidence, reference.confidence, FLOAT32_BOUND);
        expectWithin(
          'logSumExp',
          result.logSumExp ?? [],
          reference.logSumExp,
          FLOAT32_BOUND,
          reference.logSumExpMagnitude,
        );
      } else {
        // The confidence is the largest given float32 value: exact (a top value of ±0 may come back as either zero).
        expectWithin('confidence', result.confidence, reference.confidence, { absolute: 0, relative: 0 });
        if (result.logSumExp !== undefined) throw new Error('logSumExp is given for probabilities');
      }
      expectWithin('nll', result.nll, reference.nll, FLOAT32_BOUND);
      checkBins(result, data.labels, spec.bins ?? 15);
      expectUnrelatedOpsIntact('calibrationStatistics');
    } finally {
      layout.dispose();
    }
  });
}

interface NonFiniteCase {
  spec: StatisticsCase;
  at: number;
  value: number;
}

const nonFiniteCase: fc.Arbitrary<NonFiniteCase> = fc
  .record({
    spec: statisticsCase(fc.record({ rows: fc.integer({ min: 1, max: 30 }), classes: classCounts(70) })),
    at: fc.nat(),
    value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  })
  // Probabilities reject NaN (±∞ are out of [0, 1] only as the top label, which the confidence check covers).
  .map((entry) => ({
    ...entry,
    at: entry.at % (entry.spec.rows * entry.spec.classes),
    value: entry.spec.kind === 'probabilities' ? Number.NaN : entry.value,
  }));

function checkNonFinite({ spec, at, value }: NonFiniteCase): void {
  const data = realise(spec);
  data.values[at] = value;
  const row = Math.floor(at / spec.classes);
  const column = at % spec.classes;
  expectNoTensorLeak('calibrationStatistics (non-finite input)', () => {
    const layout = new HeapLayout(spec.filler);
    try {
      let failure: unknown;
      try {
        run(spec, data, layout);
      } catch (error) {
        failure = error;
      }
      if (!InvalidArgumentError.isInstance(failure)) {
        throw new Error(
          `a ${value} at row ${row}, column ${column} gave ${failure === undefined ? 'no error' : String(failure)}`,
        );
      }
      if (
        !failure.message.includes(`options.${spec.kind}`) ||
        !failure.message.includes(`row ${row}, column ${column}`)
      ) {
        throw new Error(`the error for a ${value} at row ${row}, column ${column} says: ${failure.message}`);
      }
      layout.check('calibrationStatistics (non-finite input)');
      expectUnrelatedOpsIntact('calibrationStatistics (non-finite input)');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `calibrationStatistics properties (${tf.getBackend()})`,
  setup: async () => {
    setKernelThreads('auto');
    await startKernelThreads();
  },
  properties: [
    {
      name: 'gives the float64 per-row statistics and the bins of its own confidences, leaving other memory alone',
      arbitrary: statisticsCase(smallShape),
      check: checkCase,
      runs: 300,
    },
    {
      name: 'does so just below, at and above the thread threshold',
      arbitrary: statisticsCase(thresholdShape()),
      check: checkCase,
      runs: 6,
    },
    {
      name: 'rejects a NaN or ±∞ logit and a NaN probability, naming its row and column',
      arbitrary: nonFiniteCase,
      check: checkNonFinite,
      runs: 60,
    },
  ],
});
