import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {
  binnedError,
  type BinState,
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  type CalibrationData,
  classCandidates,
  debiasedBinnedError,
  definePropertySuite,
  expectNoTensorLeak,
  expectSomeBinning,
  expectUnrelatedOpsIntact,
  expectWithin,
  FLOAT64_BOUND,
  HeapLayout,
  realiseCalibrationCase,
  SeededValues,
  topLabelCandidates,
} from '@softlabels/test-utils';

import { CalibrationAccumulator, type CalibrationSummary } from './calibration-accumulator';
import type { CalibrationInput, LabelsInput } from './types';

/** Batches of one class count, spread over shards that are merged (some through JSON) before `compute`. */
interface AccumulatorCase {
  classes: number;
  batches: CalibrationCase[];
  bins: number | undefined;
  /** Seed of the shard each batch goes to and of which merges go through JSON. */
  shardSeed: number;
  shards: number;
  squeeze: boolean;
}

function accumulatorCase(
  batch: fc.Arbitrary<CalibrationCase>,
  maxBatches: number,
  squeeze: boolean,
): fc.Arbitrary<AccumulatorCase> {
  return fc
    .record({
      classes: fc.integer({ min: 2, max: 20 }),
      batches: fc.array(batch, { minLength: 1, maxLength: maxBatches }),
      bins: fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 30 })),
      shardSeed: fc.nat(),
      shards: fc.integer({ min: 1, max: 3 }),
      squeeze: fc.constant(squeeze),
    })
    .map((spec) => ({ ...spec, batches: spec.batches.map((entry) => ({ ...entry, classes: spec.classes })) }));
}

/** All batches as one: the rows' float64 statistics end to end. */
function concatenate(parts: CalibrationData[], classes: number): CalibrationData {
  const join = <T extends Float64Array | Int32Array | Float32Array>(
    pick: (data: CalibrationData) => T,
    Type: new (length: number) => T,
  ): T => {
    const out = new Type(parts.reduce((sum, data) => sum + pick(data).length, 0));
    let at = 0;
    for (const data of parts) {
      out.set(pick(data) as never, at);
      at += pick(data).length;
    }
    return out;
  };
  const rows = parts.reduce((sum, data) => sum + data.rows, 0);
  return {
    rows,
    classes,
    kind: 'logits',
    values: join((data) => data.values, Float32Array),
    labels: join((data) => data.labels, Int32Array),
    hits: join((data) => data.hits, Float64Array),
    reference: {
      confidence: join((data) => data.reference.confidence, Float64Array),
      predicted: join((data) => data.reference.predicted, Int32Array),
      logSumExp: join((data) => data.reference.logSumExp, Float64Array),
      logSumExpMagnitude: join((data) => data.reference.logSumExpMagnitude, Float64Array),
      nll: join((data) => data.reference.nll, Float64Array),
      probabilities: join((data) => data.reference.probabilities, Float64Array),
    },
  };
}

/** Σ of the sizes of the terms of the debiased error's sum (what float64 rounding of that sum scales with). */
function debiasedMagnitude(state: BinState, total: number): number {
  let magnitude = 0;
  for (let m = 0; m < state.count.length; m += 1) {
    const n = state.count[m] as number;
    if (n < 2) continue;
    const accuracy = (state.positive[m] as number) / n;
    const gap = (state.sum[m] as number) / n - accuracy;
    magnitude += (n / total) * (gap * gap + (accuracy * (1 - accuracy)) / (n - 1));
  }
  return magnitude;
}

function expectSummary(summary: CalibrationSummary, all: CalibrationData, bins: number): void {
  const n = all.rows;
  if (summary.count !== n) throw new Error(`count ${summary.count}, expected ${n}`);
  const bound = FLOAT64_BOUND;
  const sum = (values: ArrayLike<number>) => Array.from(values).reduce((total, value) => total + value, 0);
  expectWithin('accuracy', [summary.accuracy], [sum(all.hits) / n], bound);
  expectWithin('averageConfidence', [summary.averageConfidence], [sum(all.reference.confidence) / n], bound);
  let brier = 0;
  all.reference.probabilities.forEach((p, index) => {
    const difference = p - (all.labels[Math.floor(index / all.classes)] === index % all.classes ? 1 : 0);
    brier += difference * difference;
  });
  expectWithin('brierScore', [summary.brierScore], [brier / n], bound);
  const nll = sum(Array.from(all.reference.nll, (value) => (Number.isNaN(value) ? Number.POSITIVE_INFINITY : value)));
  expectWithin('negativeLogLikelihood', [summary.negativeLogLikelihood], [nll / n], bound);
  expectSomeBinning(
    'top-label statistics',
    topLabelCandidates(all, bins, 'uniform', 1e-12),
    (state) => {
      expectWithin(
        'expectedCalibrationError',
        [summary.expectedCalibrationError],
        [binnedError(state, n, 'l1')],
        bound,
      );
      expectWithin('rmsCalibrationError', [summary.rmsCalibrationError], [binnedError(state, n, 'l2')], bound);
      expectWithin('maximumCalibrationError', [summary.maximumCalibrationError], [binnedError(state, n, 'max')], bound);
      // The square root of a sum clipped at 0 is not Lipschitz there: compare the squares, within float64 rounding of
      // the sum of terms as large as its magnitude.
      const debiased = debiasedBinnedError(state, n);
      expectWithin('debiasedCalibrationError²', [summary.debiasedCalibrationError ** 2], [debiased * debiased], {
        absolute: bound.absolute + bound.relative * debiasedMagnitude(state, n),
        relative: bound.relative,
      });
      expectWithin('reliability counts', summary.reliability.counts, state.count, { absolute: 0, relative: 0 });
      expectWithin('histogram counts', summary.histogram.counts, state.count, { absolute: 0, relative: 0 });
      expectWithin('histogram edges', summary.histogram.edges, state.edges, { absolute: 0, relative: 0 });
      if (summary.histogram.total !== n) throw new Error(`histogram total ${summary.histogram.total}, expected ${n}`);
    },
    (state, ambiguous) => {
      // Too many rows next to an edge to list every binning: each moves a count by 1 and the ECE by at most 2/n.
      const loose = { absolute: bound.absolute + (2 * ambiguous) / n, relative: bound.relative };
      expectWithin(
        'expectedCalibrationError',
        [summary.expectedCalibrationError],
        [binnedError(state, n, 'l1')],
        loose,
      );
      expectWithin('reliability counts', summary.reliability.counts, state.count, { absolute: ambiguous, relative: 0 });
      expectWithin('histogram edges', summary.histogram.edges, state.edges, { absolute: 0, relative: 0 });
    },
  );
  let low = 0;
  let high = 0;
  for (let k = 0; k < all.classes; k += 1) {
    const [least, largest] = classCandidates(all, k, bins, 1e-12).errorRange(n, 'l1');
    low += least / all.classes;
    high += largest / all.classes;
  }
  const slack = bound.absolute + bound.relative * high;
  if (!(summary.classwiseCalibrationError >= low - slack && summary.classwiseCalibrationError <= high + slack)) {
    throw new Error(
      `classwiseCalibrationError ${summary.classwiseCalibrationError}, expected within [${low}, ${high}]`,
    );
  }
}

function checkCase(spec: AccumulatorCase): void {
  const parts = spec.batches.map(realiseCalibrationCase);
  const all = concatenate(parts, spec.classes);
  const bins = spec.bins ?? 15;
  expectNoTensorLeak('CalibrationAccumulator', () => {
    const layout = new HeapLayout(spec.batches[0]?.filler ?? 0);
    try {
      const random = new SeededValues(spec.shardSeed);
      const options = spec.bins === undefined ? {} : { bins: spec.bins };
      const shards = Array.from({ length: spec.shards }, () => new CalibrationAccumulator(options));
      spec.batches.forEach((batch, index) => {
        const { input, labels } = calibrationArguments(batch, parts[index] as CalibrationData, layout);
        if (spec.squeeze) layout.squeeze(1 << 17);
        (shards[random.int(shards.length)] as CalibrationAccumulator).update(
          input as CalibrationInput,
          labels as LabelsInput,
        );
      });
      let merged = shards[0] as CalibrationAccumulator;
      for (const shard of shards.slice(1)) {
        // Shards evaluated elsewhere arrive as JSON.
        const other =
          random.uniform() < 0.5 ? shard : CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(shard.toJSON())));
        merged = merged.merge(other);
      }
      if (random.uniform() < 0.5) merged = CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(merged.toJSON())));
      expectSummary(merged.compute(), all, bins);
      layout.check('CalibrationAccumulator');
      expectUnrelatedOpsIntact('CalibrationAccumulator');
    } finally {
      layout.dispose();
    }
  });
}

definePropertySuite({
  name: `CalibrationAccumulator properties (${tf.getBackend()})`,
  properties: [
    {
      name: 'batches spread over merged (and JSON-shipped) shards give the float64 metrics of all rows at once',
      arbitrary: accumulatorCase(calibrationCase({ maxRows: 40 }), 4, false),
      check: checkCase,
      runs: 100,
    },
    {
      name: 'so do batches just below, at and above the thread threshold, also when an update must grow the heap',
      arbitrary: accumulatorCase(calibrationCase({ large: true }), 1, true),
      check: checkCase,
      runs: 2,
    },
  ],
});
