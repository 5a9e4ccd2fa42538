import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { calibrationStatistics, prepareCalibrationStatisticsOptions } from './calibration-statistics';
import { binReference, calibrationRowsReference } from './internal/float64-reference';

const seed = 62026;
const random = new RandomSource(seed);
const TOLERANCE = { relative: 2e-6, absolute: 1e-6 };

/** Bin statistics recomputed from per-row confidences with the reference's edge scan. */
function binsFrom(confidence: Float32Array, predicted: ArrayLike<number>, labels: ArrayLike<number>, bins: number) {
  const counts = new Array<number>(bins).fill(0);
  const sums = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  confidence.forEach((value, row) => {
    const bin = binReference(value, bins);
    counts[bin] = (counts[bin] as number) + 1;
    sums[bin] = (sums[bin] as number) + value;
    if (predicted[row] === labels[row]) hits[bin] = (hits[bin] as number) + 1;
  });
  return { counts, sums, hits };
}

describe(`calibrationStatistics against a float64 reference (seed ${seed})`, () => {
  it.each([
    { rows: 200, classes: 10, scale: 3, bins: 15 },
    { rows: 50, classes: 1001, scale: 6, bins: 10 },
    { rows: 64, classes: 2, scale: 2, bins: 15 },
    { rows: 30, classes: 7, scale: 1e4, bins: 20 },
  ])('logits %o', ({ rows, classes, scale, bins }) => {
    const logits = Float32Array.from({ length: rows * classes }, () => random.normal() * scale);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const stats = calibrationStatistics({ logits, rows, classes, labels, bins });
    const reference = calibrationRowsReference(logits, 'logits', rows, classes, labels);
    expectClose(stats.confidence, reference.confidence, TOLERANCE);
    expect(Array.from(stats.predicted)).toEqual(reference.predicted);
    expectClose(stats.logSumExp ?? [], reference.logSumExp, { relative: 2e-6, absolute: 2e-6 });
    expectClose(stats.nll, reference.nll, { relative: 2e-5, absolute: scale > 100 ? 2e-3 : 2e-6 });
    const bins64 = binsFrom(stats.confidence, reference.predicted, labels, bins);
    expect(Array.from(stats.binCounts)).toEqual(bins64.counts);
    expect(Array.from(stats.binCorrectCounts)).toEqual(bins64.hits);
    expectClose(stats.binConfidenceSums, bins64.sums, { relative: 1e-12, absolute: 1e-12 });
  });

  it('puts confidences on and next to the edges m/M into the right-closed bins', () => {
    const bins = 15;
    const confidences: number[] = [0, 1];
    for (let m = 1; m <= bins; m += 1) {
      const edge = Math.fround(m / bins);
      const bits = new Float32Array([edge]);
      const asInt = new Int32Array(bits.buffer);
      const up = new Int32Array([(asInt[0] as number) + 1]);
      const down = new Int32Array([(asInt[0] as number) - 1]);
      confidences.push(edge, new Float32Array(up.buffer)[0] as number, new Float32Array(down.buffer)[0] as number);
    }
    const kept = confidences.filter((value) => value >= 0.5 && value <= 1);
    const rows = kept.length;
    const probabilities = Float32Array.from(kept.flatMap((value) => [value, 1 - value]));
    const labels = new Int32Array(rows);
    const stats = calibrationStatistics({ probabilities, rows, classes: 2, labels, bins });
    const expected = binsFrom(Float32Array.from(kept), new Int32Array(rows), labels, bins);
    expect(Array.from(stats.binCounts)).toEqual(expected.counts);
    expect(stats.logSumExp).toBeUndefined();
    // 11/15 as float32 lies above 11/15: by comparison it belongs to bin 12 (index 11), where floor(c·M) agrees but
    // ceil(c·M) − 1 does not for values just above an edge.
    const eleven = Math.fround(11 / 15);
    expect(binReference(eleven, 15)).toBe(eleven > 11 / 15 ? 11 : 10);
  });

  it('puts a saturated softmax (exactly 1.0) into the last bin and 0 into the first', () => {
    const stats = calibrationStatistics({
      logits: new Float32Array([200, 0, 0, 0, 0, 0]),
      rows: 2,
      classes: 3,
      labels: new Int32Array([0, 1]),
      bins: 15,
    });
    expect(stats.confidence[0]).toBe(1);
    expect(stats.binCounts[14]).toBe(1);
    expect(stats.binCorrectCounts[14]).toBe(1);
    const zero = calibrationStatistics({
      probabilities: new Float32Array([0, 0]),
      rows: 1,
      classes: 2,
      labels: new Int32Array([1]),
      bins: 4,
    });
    expect(Array.from(zero.binCounts)).toEqual([1, 0, 0, 0]);
    expect(zero.nll[0]).toBe(Number.POSITIVE_INFINITY);
  });

  it('matches the reference on probabilities', () => {
    const rows = 40;
    const classes = 5;
    const probabilities = Float32Array.from(
      Array.from({ length: rows }, () => {
        const values = Array.from({ length: classes }, () => random.uniform() + 1e-3);
        const total = values.reduce((sum, value) => sum + value, 0);
        return values.map((value) => value / total);
      }).flat(),
    );
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const stats = calibrationStatistics({ probabilities, rows, classes, labels });
    const reference = calibrationRowsReference(probabilities, 'probabilities', rows, classes, labels);
    expectClose(stats.confidence, reference.confidence, TOLERANCE);
    expect(Array.from(stats.predicted)).toEqual(reference.predicted);
    expectClose(stats.nll, reference.nll, TOLERANCE);
  });
});

describe('calibrationStatistics rejects bad input', () => {
  const base = { logits: new Float32Array(4), rows: 2, classes: 2, labels: new Int32Array([0, 1]), bins: 15 };
  it.each([
    ['zero bins', { ...base, bins: 0 }, InvalidArgumentError, 'options.bins'],
    [
      'both inputs',
      { ...base, probabilities: new Float32Array(4) },
      InvalidArgumentError,
      "'options.probabilities' passed to 'calibrationStatistics' must not be given with options.logits",
    ],
    ['label out of range', { ...base, labels: new Int32Array([0, 2]) }, InvalidArgumentError, 'options.labels'],
    ['short logits', { ...base, logits: new Float32Array(3) }, ShapeMismatchError, 'options.logits'],
    [
      'NaN logits',
      { ...base, logits: new Float32Array([0, Number.NaN, 0, 0]) },
      InvalidArgumentError,
      'row 0, column 1',
    ],
    [
      'probability above 1',
      { ...base, logits: undefined, probabilities: new Float32Array([2, 0, 0.5, 0.5]) },
      InvalidArgumentError,
      'in [0, 1]',
    ],
    [
      'NaN probability beside the maximum',
      { ...base, logits: undefined, probabilities: new Float32Array([0.5, 0.5, 0.9, Number.NaN]) },
      InvalidArgumentError,
      "'options.probabilities' passed to 'calibrationStatistics' must contain only finite values, but got NaN at row 1, column 1",
    ],
    [
      'NaN probability, one class',
      {
        ...base,
        logits: undefined,
        classes: 1,
        probabilities: new Float32Array([Number.NaN, 1]),
        labels: new Int32Array([0, 0]),
      },
      InvalidArgumentError,
      'row 0, column 0',
    ],
    [
      'infinite probability',
      { ...base, logits: undefined, probabilities: new Float32Array([0.5, 0.5, Number.NEGATIVE_INFINITY, 1]) },
      InvalidArgumentError,
      '-Infinity at row 1, column 0',
    ],
  ])('%s', (_name, options, errorClass, text) => {
    expect(() => calibrationStatistics(options as never)).toThrow(errorClass);
    expect(() => calibrationStatistics(options as never)).toThrow(text);
  });

  it('prepares options with 15 bins by default', () => {
    const prepared = prepareCalibrationStatisticsOptions({ ...base, bins: undefined });
    expect(prepared.bins).toBe(15);
    expect(prepared.input.kind).toBe('logits');
  });
});
