import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, RandomSource, SoftlabelsError } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { brierScore } from './brier-score';
import {
  CalibrationAccumulator,
  type CalibrationAccumulatorJson,
  type CalibrationSummary,
} from './calibration-accumulator';
import { classwiseCalibrationError } from './classwise-calibration-error';
import { debiasedCalibrationError } from './debiased-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';
import { accumulateRows } from './internal/row-statistics';
import type * as RowStatistics from './internal/row-statistics';
import { negativeLogLikelihood } from './negative-log-likelihood';
import { reliabilityDiagram } from './reliability-diagram';

// The row pass as it is, wrapped in a spy so that a test can make one update fail after summing its batch.
vi.mock('./internal/row-statistics', async (importOriginal) => {
  const actual = await importOriginal<typeof RowStatistics>();
  return { ...actual, accumulateRows: vi.fn(actual.accumulateRows) };
});

const classes = 7;
const bins = 15;

/** Logits of `rows` rows and labels from a seeded stream. */
function batch(random: RandomSource, rows: number): { logits: number[][]; labels: number[] } {
  const logits = Array.from({ length: rows }, () => Array.from({ length: classes }, () => random.normal() * 2.5));
  const labels = logits.map((row) => (random.uniform() < 0.7 ? row.indexOf(Math.max(...row)) : random.int(classes)));
  return { logits, labels };
}

const random = new RandomSource(7);
const batches = Array.from({ length: 12 }, (_, index) => batch(random, 50 + index * 37));
const allLogits = batches.flatMap((b) => b.logits);
const allLabels = batches.flatMap((b) => b.labels);

const sums = { relative: 1e-12, absolute: 1e-15 };

function expectSameSummary(actual: CalibrationSummary, expected: CalibrationSummary): void {
  expect(actual.count).toBe(expected.count);
  expect(actual.reliability.counts).toEqual(expected.reliability.counts);
  expect(actual.histogram).toEqual(expected.histogram);
  const numbers = (summary: CalibrationSummary) => [
    summary.accuracy,
    summary.averageConfidence,
    summary.expectedCalibrationError,
    summary.rmsCalibrationError,
    summary.maximumCalibrationError,
    summary.classwiseCalibrationError,
    summary.debiasedCalibrationError,
    summary.brierScore,
    summary.negativeLogLikelihood,
    ...summary.reliability.bins.flatMap((bin) => [bin.confidence ?? -1, bin.accuracy ?? -1, bin.gap ?? -1]),
  ];
  expectClose(numbers(actual), numbers(expected), sums);
}

describe('CalibrationAccumulator', () => {
  it('matches the functional metrics on one batch', () => {
    const accumulator = new CalibrationAccumulator({ bins });
    const input = { logits: allLogits };
    const summary = accumulator.update(input, allLabels).compute();
    expect(summary.count).toBe(allLabels.length);
    const exact = { relative: 1e-12, absolute: 1e-14 };
    expectClose(summary.expectedCalibrationError, expectedCalibrationError(input, allLabels), exact);
    expectClose(summary.rmsCalibrationError, expectedCalibrationError(input, allLabels, { norm: 'l2' }), exact);
    expectClose(summary.maximumCalibrationError, expectedCalibrationError(input, allLabels, { norm: 'max' }), exact);
    expectClose(summary.classwiseCalibrationError, classwiseCalibrationError(input, allLabels), exact);
    expectClose(summary.debiasedCalibrationError, debiasedCalibrationError(input, allLabels), exact);
    expectClose(summary.brierScore, brierScore(input, allLabels), exact);
    expectClose(summary.negativeLogLikelihood, negativeLogLikelihood(input, allLabels), exact);
    expect(summary.reliability).toEqual(reliabilityDiagram(input, allLabels));
  });

  it('gives the single-pass result from shards merged in any grouping (counts exact, sums to 1e-12)', () => {
    const single = new CalibrationAccumulator({ bins }).update({ logits: allLogits }, allLabels).compute();
    const streamed = new CalibrationAccumulator({ bins });
    for (const b of batches) streamed.update({ logits: b.logits }, b.labels);
    expectSameSummary(streamed.compute(), single);

    // Shards as if on other machines: each serialised, sent as JSON, rebuilt, then merged in a tree.
    const shards = batches.map((b) => {
      const shard = new CalibrationAccumulator({ bins }).update({ logits: b.logits }, b.labels);
      return CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(shard)));
    });
    const left = new CalibrationAccumulator({ bins });
    const right = new CalibrationAccumulator({ bins });
    shards.slice(0, 5).forEach((shard) => left.merge(shard));
    shards
      .slice(5)
      .reverse()
      .forEach((shard) => right.merge(shard));
    const merged = new CalibrationAccumulator({ bins }).merge(left).merge(right);
    expectSameSummary(merged.compute(), single);
    const singleState = new CalibrationAccumulator({ bins }).update({ logits: allLogits }, allLabels).toJSON();
    const mergedState = merged.toJSON();
    for (const key of ['count', 'correct', 'binCount', 'binCorrect', 'classCount', 'classPositive'] as const) {
      expect(mergedState[key]).toEqual(singleState[key]);
    }
    expectClose(
      [mergedState.confidenceSum, mergedState.brierSum, ...mergedState.binConfidence, ...mergedState.classProbability],
      [singleState.confidenceSum, singleState.brierSum, ...singleState.binConfidence, ...singleState.classProbability],
      sums,
    );
    // Merging leaves the source untouched, and an empty accumulator merges as nothing.
    expect(left.count).toBe(batches.slice(0, 5).reduce((total, b) => total + b.labels.length, 0));
    expectSameSummary(merged.merge(new CalibrationAccumulator({ bins })).compute(), single);
  });

  it('accepts logits and probabilities, tensors and arrays, in one stream', async () => {
    await expectNoLeak(() => {
      const first = batches[0] as { logits: number[][]; labels: number[] };
      const second = batches[1] as { logits: number[][]; labels: number[] };
      const probabilities = tf.tidy(() => tf.softmax(tf.tensor2d(second.logits)));
      const labels = tf.tensor1d(second.labels, 'int32');
      const accumulator = new CalibrationAccumulator({ bins: 10 });
      accumulator.update({ logits: first.logits }, first.labels).update({ probabilities }, labels);
      expect(accumulator.count).toBe(first.labels.length + second.labels.length);
      expect(accumulator.compute().reliability.counts.reduce((a, b) => a + b, 0)).toBe(accumulator.count);
      tf.dispose([probabilities, labels]);
    });
  });

  it('round-trips through JSON exactly, an infinite NLL and an empty state included', () => {
    const accumulator = new CalibrationAccumulator({ bins: 4, distributionTolerance: 1e-6 });
    expect(CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(accumulator))).toJSON()).toEqual(
      accumulator.toJSON(),
    );
    accumulator.update(
      {
        probabilities: [
          [1, 0],
          [0.3, 0.7],
        ],
      },
      [1, 1],
    );
    const json = JSON.parse(JSON.stringify(accumulator.toJSON()));
    expect(json.nllSum).toBe('Infinity');
    const copy = CalibrationAccumulator.fromJSON(json);
    expect(copy.toJSON()).toEqual(accumulator.toJSON());
    expect(copy.compute()).toEqual(accumulator.compute());
    expect(copy.compute().negativeLogLikelihood).toBe(Number.POSITIVE_INFINITY);
    expect(copy.distributionTolerance).toBe(1e-6);
  });

  it('rejects malformed JSON', () => {
    const good = new CalibrationAccumulator({ bins: 2 }).update({ logits: [[2, 0]] }, [0]).toJSON();
    expect(() => CalibrationAccumulator.fromJSON(null)).toThrow(InvalidArgumentError);
    expect(() => CalibrationAccumulator.fromJSON({ ...good, version: 2 })).toThrow("'json.version'");
    expect(() => CalibrationAccumulator.fromJSON({ ...good, binCount: [1] })).toThrow(
      "Argument 'json.binCount' passed to 'CalibrationAccumulator.fromJSON' must be an array of 2 numbers",
    );
    expect(() => CalibrationAccumulator.fromJSON({ ...good, binCount: [0.5, 0.5] })).toThrow("'json.binCount[0]'");
    expect(() => CalibrationAccumulator.fromJSON({ ...good, count: 'x' })).toThrow("'json.count'");
    expect(() => CalibrationAccumulator.fromJSON({ ...good, classes: 1 })).toThrow('json.classes');
    expect(() => CalibrationAccumulator.fromJSON({ ...good, bins: 0 })).toThrow("'json.bins'");
    expect(() => CalibrationAccumulator.fromJSON({ ...good, extra: 1 })).toThrow("'json.extra'");
  });

  describe('rejects hand-edited states, naming the field', () => {
    const good = new CalibrationAccumulator({ bins: 2 })
      .update(
        {
          probabilities: [
            [0.9, 0.1],
            [0.2, 0.8],
            [0.6, 0.4],
          ],
        },
        [0, 1, 1],
      )
      .toJSON();

    it('accepts the unedited state', () => {
      expect(CalibrationAccumulator.fromJSON(good).toJSON()).toEqual(good);
    });

    it.each([
      [{ count: -5 }, 'json.count', 'must be an integer in [0, 9007199254740991], but got -5.'],
      [{ count: 1.5 }, 'json.count', 'but got 1.5.'],
      [{ count: 2 ** 60 }, 'json.count', `but got ${2 ** 60}.`],
      [{ count: 4 }, 'json.binCount', 'must add up to json.count (4), but got a total of 3.'],
      [{ correct: 1e6 }, 'json.correct', 'must be an integer in [0, 3], but got 1000000.'],
      [{ correct: 3 }, 'json.binCorrect', 'must add up to json.correct (3), but got a total of 2.'],
      [{ nllSum: -100 }, 'json.nllSum', 'but got -100.'],
      [{ nllSum: 'NaN' }, 'json.nllSum', 'must be a finite number'],
      [{ brierSum: -1 }, 'json.brierSum', 'but got -1.'],
      [{ confidenceSum: 10 }, 'json.confidenceSum', 'but got 10.'],
      [{ binCorrect: [1, 1] }, 'json.binCorrect[0]', 'must be an integer in [0, 0], but got 1.'],
      [{ binConfidence: [0, 5] }, 'json.binConfidence[1]', 'but got 5.'],
      [{ classes: 2 ** 31 }, 'json.classes', 'classes × bins'],
      [{ classes: null }, 'json.count', 'must be 0 while json.classes is null'],
      [{ distributionTolerance: -1 }, 'json.distributionTolerance', 'but got -1.'],
      [{ bins: 1e10 }, 'json.bins', 'must be an integer in [1, 1000000]'],
    ])('%o', (edit, field, message) => {
      const attempt = (): unknown => CalibrationAccumulator.fromJSON({ ...good, ...edit });
      expect(attempt).toThrow(InvalidArgumentError);
      expect(attempt).toThrow(`Argument '${field}' passed to 'CalibrationAccumulator.fromJSON' `);
      expect(attempt).toThrow(message);
    });

    it('checks the classwise counts against the rows', () => {
      const moved = [...good.classCount];
      moved[0] = (moved[0] as number) + 1;
      expect(() => CalibrationAccumulator.fromJSON({ ...good, classCount: moved })).toThrow(
        "Argument 'json.classCount[0…1]' passed to 'CalibrationAccumulator.fromJSON' must add up to json.count",
      );
      const positives = good.classPositive.map((value, slot) => (slot === 0 ? value + 1 : value));
      expect(() => CalibrationAccumulator.fromJSON({ ...good, classPositive: positives })).toThrow(
        /'json\.classPositive(\[0\])?'/,
      );
    });
  });

  it('merges only accumulators of the same distribution tolerance', () => {
    const strict = new CalibrationAccumulator({ bins: 3, distributionTolerance: 1e-6 }).update(
      { logits: [[2, 0]] },
      [0],
    );
    const loose = new CalibrationAccumulator({ bins: 3 }).update({ logits: [[0, 2]] }, [0]);
    expect(() => strict.merge(loose)).toThrow(InvalidArgumentError);
    expect(() => strict.merge(loose)).toThrow(
      "Argument 'other' passed to 'CalibrationAccumulator.merge' must have the distributionTolerance 0.000001 of this one, but got distributionTolerance 0.001.",
    );
    expect(strict.count).toBe(1);
  });

  it('bounds the bins and the classwise state with typed errors', () => {
    expect(() => new CalibrationAccumulator({ bins: 1e10 })).toThrow(
      "Argument 'options.bins' passed to 'CalibrationAccumulator' must be an integer in [1, 1000000], but got 10000000000.",
    );
    const accumulator = new CalibrationAccumulator({ bins: 1e6 });
    const wide = [Array.from({ length: 20 }, (_, k) => k)];
    expect(() => accumulator.update({ logits: wide }, [0])).toThrow(
      "Argument 'input.logits' passed to 'CalibrationAccumulator.update' must have at most 16777216 classes × bins",
    );
    expect(accumulator.count).toBe(0);
  });

  it('fixes the class count with the first batch and checks merges', () => {
    const accumulator = new CalibrationAccumulator({ bins: 5 }).update({ logits: [[1, 2, 3]] }, [0]);
    expect(() => accumulator.update({ logits: [[1, 2]] }, [0])).toThrow('have 3 classes like the earlier batches');
    expect(() => accumulator.merge(new CalibrationAccumulator({ bins: 6 }))).toThrow('have 5 bins like this one');
    const twoClasses = new CalibrationAccumulator({ bins: 5 }).update({ logits: [[1, 2]] }, [0]);
    expect(() => accumulator.merge(twoClasses)).toThrow('have 3 classes like this one');
    expect(() => accumulator.merge({} as CalibrationAccumulator)).toThrow('be a CalibrationAccumulator');
    // A rejected batch leaves the state as it was.
    expect(() => accumulator.update({ logits: [[1, 2, 3]] }, [5])).toThrow(InvalidArgumentError);
    expect(accumulator.count).toBe(1);
    accumulator.reset();
    expect(accumulator.count).toBe(0);
    accumulator.update({ logits: [[1, 2]] }, [1]);
    expect(accumulator.compute().accuracy).toBe(1);
  });

  it('leaves its state as it was when an update fails after summing its batch', async () => {
    const { accumulateRows: sumRows } = await vi.importActual<typeof RowStatistics>('./internal/row-statistics');
    const interrupt = (): void => {
      vi.mocked(accumulateRows).mockImplementationOnce((source, sums) => {
        sumRows(source, sums);
        throw new RangeError('interrupted');
      });
    };
    const [first, second] = batches as [(typeof batches)[number], (typeof batches)[number]];
    const accumulator = new CalibrationAccumulator({ bins }).update({ logits: first.logits }, first.labels);
    const before = accumulator.toJSON();
    interrupt();
    expect(() => accumulator.update({ logits: second.logits }, second.labels)).toThrow('interrupted');
    expect(accumulator.toJSON()).toEqual(before);
    expectSameSummary(
      accumulator.update({ logits: second.logits }, second.labels).compute(),
      new CalibrationAccumulator({ bins })
        .update({ logits: [...first.logits, ...second.logits] }, [...first.labels, ...second.labels])
        .compute(),
    );
    // A first update that fails fixes no class count.
    const empty = new CalibrationAccumulator({ bins });
    interrupt();
    expect(() => empty.update({ logits: second.logits }, second.labels)).toThrow('interrupted');
    expect(empty.toJSON()).toEqual(new CalibrationAccumulator({ bins }).toJSON());
    expect(empty.update({ logits: [[2, 0]] }, [0]).count).toBe(1);
  });

  it('reloads its own JSON after probabilities a hair below 0 (inside the tolerance) were summed', () => {
    const accumulator = new CalibrationAccumulator({ bins: 4 });
    accumulator.update(
      {
        probabilities: [
          [1.00004, -0.00004, 0],
          [0.3, 0.7, 0],
          [-0.00003, 0.5, 0.50003],
        ],
      },
      [0, 1, 2],
    );
    const json = accumulator.toJSON();
    expect(Math.min(...json.classProbability)).toBeLessThan(0);
    expectSameSummary(
      CalibrationAccumulator.fromJSON(JSON.parse(JSON.stringify(json))).compute(),
      accumulator.compute(),
    );
    // Below what the tolerance allows, a sum is still refused.
    const edited = { ...json, classProbability: json.classProbability.map((value) => (value < 0 ? -1 : value)) };
    expect(() => CalibrationAccumulator.fromJSON(edited)).toThrow("'json.classProbability[");
  });

  it('refuses to compute without rows, and checks its options', () => {
    expect(() => new CalibrationAccumulator().compute()).toThrow(SoftlabelsError);
    expect(() => new CalibrationAccumulator().compute()).toThrow('needs at least one row');
    expect(() => new CalibrationAccumulator({ bins: 0 })).toThrow(
      "Argument 'options.bins' passed to 'CalibrationAccumulator'",
    );
    expect(new CalibrationAccumulator().bins).toBe(15);
  });

  it('fromJSON refuses sums the bins cannot hold: a bin confidence outside its edges, a confidence sum unlike the bins, a Brier sum above 2 per row', () => {
    const source = new CalibrationAccumulator({ bins: 5, distributionTolerance: 0 }).update(
      {
        probabilities: [
          [0.3, 0.7],
          [0.9, 0.1],
        ],
      },
      [1, 0],
    );
    const json = JSON.parse(JSON.stringify(source.toJSON())) as CalibrationAccumulatorJson;
    expect(json.binCount).toEqual([0, 0, 0, 1, 1]);
    expect(() =>
      CalibrationAccumulator.fromJSON({ ...json, binConfidence: [0, 0, 0, 0.9, 0.7], confidenceSum: 1.6 }),
    ).toThrow("Argument 'json.binConfidence[3]' passed to 'CalibrationAccumulator.fromJSON'");
    expect(() => CalibrationAccumulator.fromJSON({ ...json, confidenceSum: json.confidenceSum + 0.1 })).toThrow(
      "Argument 'json.confidenceSum' passed to 'CalibrationAccumulator.fromJSON'",
    );
    expect(() => CalibrationAccumulator.fromJSON({ ...json, brierSum: 4.5 })).toThrow(
      "Argument 'json.brierSum' passed to 'CalibrationAccumulator.fromJSON'",
    );
    expect(CalibrationAccumulator.fromJSON({ ...json, brierSum: 4 }).toJSON().brierSum).toBe(4);
  });
});
