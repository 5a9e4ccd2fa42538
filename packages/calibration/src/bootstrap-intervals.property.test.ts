import { RandomSource } from '@softlabels/core';
import { definePropertySuite } from '@softlabels/test-utils';
import fc from 'fast-check';
import { expect } from 'vitest';
import { accuracy } from './accuracy';
import { adaptiveCalibrationError } from './adaptive-calibration-error';
import type { BootstrapOptions, MetricInterval } from './bootstrap-options';
import { brierScore } from './brier-score';
import { classwiseCalibrationError } from './classwise-calibration-error';
import { debiasedCalibrationError } from './debiased-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';
import { ksCalibrationError } from './ks-calibration-error';
import { negativeLogLikelihood } from './negative-log-likelihood';
import { smoothCalibrationError } from './smooth-calibration-error';
import type { CalibrationInput } from './types';

/** A metric called plainly (`bootstrap` undefined) or with a bootstrap, on shared extra options. */
type Metric = (input: CalibrationInput, labels: number[], bootstrap?: BootstrapOptions) => number | MetricInterval;

const METRICS: Record<string, Metric> = {
  expectedCalibrationError: (i, l, bootstrap) => expectedCalibrationError(i, l, { bins: 5, bootstrap }),
  'expectedCalibrationError (quantile)': (i, l, bootstrap) =>
    expectedCalibrationError(i, l, { bins: 4, binning: 'quantile', bootstrap }),
  'expectedCalibrationError (float32)': (i, l, bootstrap) =>
    expectedCalibrationError(i, l, { bins: 5, precision: 'float32', bootstrap }),
  adaptiveCalibrationError: (i, l, bootstrap) => adaptiveCalibrationError(i, l, { bins: 3, norm: 'l2', bootstrap }),
  classwiseCalibrationError: (i, l, bootstrap) => classwiseCalibrationError(i, l, { bins: 4, bootstrap }),
  debiasedCalibrationError: (i, l, bootstrap) => debiasedCalibrationError(i, l, { bins: 3, bootstrap }),
  brierScore: (i, l, bootstrap) => brierScore(i, l, { bootstrap }),
  negativeLogLikelihood: (i, l, bootstrap) => negativeLogLikelihood(i, l, { bootstrap }),
  'negativeLogLikelihood (float32)': (i, l, bootstrap) =>
    negativeLogLikelihood(i, l, { precision: 'float32', bootstrap }),
  accuracy: (i, l, bootstrap) => accuracy(i, l, { bootstrap }),
  smoothCalibrationError: (i, l, bootstrap) => smoothCalibrationError(i, l, { gridSize: 51, bootstrap }),
  'smoothCalibrationError (classwise)': (i, l, bootstrap) =>
    smoothCalibrationError(i, l, { gridSize: 21, classwise: true, bootstrap }),
  ksCalibrationError: (i, l, bootstrap) => ksCalibrationError(i, l, { bootstrap }),
  'ksCalibrationError (classwise)': (i, l, bootstrap) => ksCalibrationError(i, l, { classwise: true, bootstrap }),
};

interface Rows {
  logits: number[][];
  labels: number[];
}

/** Logits on a coarse lattice (so tied confidences occur) and labels. */
const rowsArbitrary = (minRows: number, maxRows: number): fc.Arbitrary<Rows> =>
  fc
    .record({ rows: fc.integer({ min: minRows, max: maxRows }), classes: fc.integer({ min: 2, max: 4 }) })
    .chain(({ rows, classes }) =>
      fc.record({
        logits: fc.array(fc.array(fc.integer({ min: -6, max: 6 }), { minLength: classes, maxLength: classes }), {
          minLength: rows,
          maxLength: rows,
        }),
        labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
      }),
    )
    .map(({ logits, labels }) => ({ logits: logits.map((row) => row.map((z) => z / 2)), labels }));

const asInterval = (value: number | MetricInterval): MetricInterval => value as MetricInterval;

definePropertySuite({
  name: 'bootstrap intervals',
  properties: [
    {
      name: 'one resample is the metric on the rows RandomSource draws, repeated as drawn',
      arbitrary: fc.record({ data: rowsArbitrary(1, 30), seed: fc.integer({ min: -1000, max: 1000 }) }),
      runs: 25,
      check({ data, seed }: { data: Rows; seed: number }) {
        const random = new RandomSource(seed);
        const drawn = data.labels.map(() => Math.floor(random.uniform() * data.labels.length));
        const logits = drawn.map((row) => data.logits[row] as number[]);
        const labels = drawn.map((row) => data.labels[row] as number);
        for (const [name, metric] of Object.entries(METRICS)) {
          const interval = asInterval(metric({ logits: data.logits }, data.labels, { resamples: 1, seed }));
          const expected = metric({ logits }, labels) as number;
          expect(interval.low, name).toBe(interval.high);
          expect(Math.abs(interval.low - expected), name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        }
      },
    },
    {
      name: 'the estimate is the plain metric, low ≤ high, the options are echoed and a seed repeats its interval',
      arbitrary: fc.record({
        data: rowsArbitrary(1, 25),
        resamples: fc.integer({ min: 1, max: 40 }),
        level: fc.double({ min: 0.01, max: 0.999, noNaN: true }),
        seed: fc.integer({ min: RandomSource.MIN_SEED, max: RandomSource.MAX_SEED }),
      }),
      runs: 20,
      check({ data, resamples, level, seed }: { data: Rows; resamples: number; level: number; seed: number }) {
        const input = { logits: data.logits };
        for (const [name, metric] of Object.entries(METRICS)) {
          const interval = asInterval(metric(input, data.labels, { resamples, level, seed }));
          const plain = metric(input, data.labels) as number;
          expect(Math.abs(interval.estimate - plain), name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(plain)));
          expect(interval.low, name).toBeLessThanOrEqual(interval.high);
          expect([interval.level, interval.resamples, interval.seed], name).toEqual([level, resamples, seed]);
          expect(metric(input, data.labels, { resamples, level, seed }), name).toEqual(interval);
        }
      },
    },
    {
      name: 'identical rows give the point interval at the estimate',
      arbitrary: fc.record({ data: rowsArbitrary(1, 1), copies: fc.integer({ min: 1, max: 20 }) }),
      runs: 15,
      check({ data, copies }: { data: Rows; copies: number }) {
        const logits = Array.from({ length: copies }, () => data.logits[0] as number[]);
        const labels = Array.from({ length: copies }, () => data.labels[0] as number);
        for (const [name, metric] of Object.entries(METRICS)) {
          const interval = asInterval(metric({ logits }, labels, { resamples: 30 }));
          // Every resample is the same data set: equal up to the rounding of sums of equal terms (w·x against x + … + x).
          const slack = 1e-12 * Math.max(1, Math.abs(interval.estimate));
          expect(Math.abs(interval.low - interval.estimate), name).toBeLessThanOrEqual(slack);
          expect(Math.abs(interval.high - interval.estimate), name).toBeLessThanOrEqual(slack);
        }
      },
    },
    {
      name: 'the interval of a mean (Brier, NLL, accuracy) over 40+ rows holds its estimate and narrows as level falls',
      arbitrary: rowsArbitrary(40, 80).filter((data) => new Set(data.labels).size > 1),
      runs: 10,
      check(data: Rows) {
        const input = { logits: data.logits };
        for (const [name, metric] of Object.entries(METRICS).filter(([key]) =>
          ['brierScore', 'negativeLogLikelihood', 'accuracy'].includes(key),
        )) {
          const wide = asInterval(metric(input, data.labels, { resamples: 300, level: 0.95 }));
          const narrow = asInterval(metric(input, data.labels, { resamples: 300, level: 0.5 }));
          expect(wide.low, name).toBeLessThanOrEqual(wide.estimate);
          expect(wide.high, name).toBeGreaterThanOrEqual(wide.estimate);
          expect(narrow.low, name).toBeGreaterThanOrEqual(wide.low);
          expect(narrow.high, name).toBeLessThanOrEqual(wide.high);
        }
      },
    },
  ],
});
