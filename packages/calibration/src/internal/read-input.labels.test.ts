import * as tf from '@tensorflow/tfjs-core';
import {
  InvalidArgumentError,
  RandomSource,
  resetWarnings,
  setWarningHandler,
  type SoftlabelsWarning,
} from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { accuracy } from '../accuracy';
import { adaptiveCalibrationError } from '../adaptive-calibration-error';
import { brierScore } from '../brier-score';
import { CalibrationAccumulator } from '../calibration-accumulator';
import { classwiseCalibrationError } from '../classwise-calibration-error';
import { confidenceHistogram } from '../confidence-histogram';
import { debiasedCalibrationError } from '../debiased-calibration-error';
import { expectedCalibrationError } from '../expected-calibration-error';
import { fitTemperature } from '../fit-temperature';
import { negativeLogLikelihood } from '../negative-log-likelihood';
import { reliabilityDiagram } from '../reliability-diagram';
import type { CalibrationInput, CalibrationPrecision, LabelsInput } from '../types';

type Options = { ignoreIndex?: number; precision?: CalibrationPrecision };
/** Every function that takes labels, each reduced to what it returns. */
const labelled: Record<string, (input: CalibrationInput, labels: LabelsInput, options?: Options) => unknown> = {
  expectedCalibrationError: (input, labels, options) =>
    expectedCalibrationError(input, labels, { bins: 5, ...options }),
  adaptiveCalibrationError: (input, labels, options) =>
    adaptiveCalibrationError(input, labels, { bins: 3, ...options }),
  classwiseCalibrationError: (input, labels, options) => classwiseCalibrationError(input, labels, options),
  debiasedCalibrationError: (input, labels, options) =>
    debiasedCalibrationError(input, labels, { bins: 4, ...options }),
  brierScore: (input, labels, options) => brierScore(input, labels, options),
  negativeLogLikelihood: (input, labels, options) => negativeLogLikelihood(input, labels, options),
  accuracy: (input, labels, options) => accuracy(input, labels, options),
  reliabilityDiagram: (input, labels, options) => reliabilityDiagram(input, labels, { bins: 5, ...options }),
  'reliabilityDiagram (classIndex 1)': (input, labels, options) =>
    reliabilityDiagram(input, labels, { bins: 5, classIndex: 1, ...options }),
  fitTemperature: (input, labels, options) =>
    'logits' in input && input.logits !== undefined ? fitTemperature(input, labels, options) : null,
};

/** Row-major logits of `rows` × `classes` and labels, from a seeded stream. */
function problem(seed: number, rows: number, classes: number): { logits: Float64Array; labels: number[] } {
  const random = new RandomSource(seed);
  const logits = Float64Array.from({ length: rows * classes }, () => 2 * random.normal());
  const labels = Array.from({ length: rows }, () => random.int(classes));
  return { logits, labels };
}

function rowsOf(values: ArrayLike<number>, classes: number): number[][] {
  return Array.from({ length: values.length / classes }, (_, row) =>
    Array.from({ length: classes }, (_, k) => values[row * classes + k] as number),
  );
}

describe('BigInt64Array labels (onnxruntime int64 output)', () => {
  const { logits, labels } = problem(5, 12, 3);
  it.each(Object.entries(labelled))('%s reads them as the same numbers', (_name, call) => {
    const expected = call({ logits }, Int32Array.from(labels));
    expect(call({ logits }, BigInt64Array.from(labels, BigInt))).toEqual(expected);
    expect(call({ logits }, BigUint64Array.from(labels, BigInt))).toEqual(expected);
  });

  it('also in CalibrationAccumulator.update', () => {
    const expected = new CalibrationAccumulator().update({ logits }, labels).compute();
    const fromBigInt = new CalibrationAccumulator().update({ logits }, BigInt64Array.from(labels, BigInt)).compute();
    expect(fromBigInt).toEqual(expected);
  });

  it('refuses values that do not fit a number, and out-of-range ones like any label', () => {
    const huge = BigInt64Array.from(labels, BigInt);
    huge[3] = 2n ** 60n;
    expect(() => expectedCalibrationError({ logits }, huge)).toThrow(InvalidArgumentError);
    expect(() => expectedCalibrationError({ logits }, huge)).toThrow(
      "Argument 'labels' passed to 'expectedCalibrationError' must hold int64 class indices that fit in a number " +
        '(|value| ≤ 2⁵³ − 1), but got 1152921504606846976 at flat index 3.',
    );
    const outOfRange = BigInt64Array.from(labels, BigInt);
    outOfRange[0] = 3n;
    expect(() => fitTemperature({ logits }, outOfRange)).toThrow(
      "Argument 'labels' passed to 'fitTemperature' must hold integer class indices in [0, 2], but got 3 at flat index 0",
    );
  });
});

describe('options.ignoreIndex (PyTorch ignore_index)', () => {
  const cases = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    rows: fc.integer({ min: 2, max: 40 }),
    classes: fc.integer({ min: 2, max: 6 }),
    precision: fc.constantFrom<CalibrationPrecision>('float64', 'float32'),
    ignoreIndex: fc.constantFrom(-100, 0, 2 ** 40),
  });

  it.each(Object.entries(labelled))('%s equals the metric on the rows that are kept', (_name, call) => {
    fc.assert(
      fc.property(cases, ({ seed, rows, classes, precision, ignoreIndex }) => {
        const { logits, labels } = problem(seed, rows, classes);
        const random = new RandomSource(seed + 1);
        // Every third row or so ignored, the first row always kept.
        const marked = labels.map((label, row) => (row > 0 && random.uniform() < 0.3 ? ignoreIndex : label));
        const keep = marked.map((label) => label !== ignoreIndex);
        const kept = rowsOf(logits, classes).filter((_, row) => keep[row]);
        const keptLabels = marked.filter((_, row) => keep[row]);
        const options = { precision, ignoreIndex };
        // float32 is compared with float32: the kept rows are rounded as the whole input is.
        const scores = precision === 'float32' ? Float32Array.from(logits) : logits;
        const keptScores = precision === 'float32' ? Float32Array.from(kept.flat()) : kept;
        expect(call({ logits: scores }, marked, options)).toEqual(
          call({ logits: keptScores }, keptLabels, { precision }),
        );
      }),
      { seed: 21, numRuns: 25 },
    );
  });

  it('takes float32 tensors and probabilities, validates ignored rows too and leaks nothing', async () => {
    const { logits, labels } = problem(8, 10, 4);
    const marked = labels.map((label, row) => (row % 3 === 1 ? -100 : label));
    const keptRows = rowsOf(logits, 4).filter((_, row) => row % 3 !== 1);
    const keptLabels = marked.filter((label) => label !== -100);
    await expectNoLeak(() => {
      const tensor = tf.tensor2d(rowsOf(logits, 4));
      const probabilities = tf.softmax(tensor);
      const keptTensor = tf.tensor2d(keptRows);
      const keptProbabilities = tf.softmax(keptTensor);
      const options = { ignoreIndex: -100 };
      expect(expectedCalibrationError({ logits: tensor }, marked, options)).toBe(
        expectedCalibrationError({ logits: keptTensor }, keptLabels),
      );
      expect(brierScore({ probabilities }, marked, options)).toBe(
        brierScore({ probabilities: keptProbabilities }, keptLabels),
      );
      expect(fitTemperature(tensor, Int32Array.from(marked), options)).toEqual(fitTemperature(keptTensor, keptLabels));
      tf.dispose([tensor, probabilities, keptTensor, keptProbabilities]);
    });
    const nanInIgnoredRow = rowsOf(logits, 4);
    (nanInIgnoredRow[1] as number[])[0] = Number.NaN;
    for (const precision of ['float64', 'float32'] as const) {
      expect(() =>
        negativeLogLikelihood({ logits: nanInIgnoredRow }, marked, { ignoreIndex: -100, precision }),
      ).toThrow("Argument 'input.logits' passed to 'negativeLogLikelihood' must contain only finite values");
    }
  });

  it('is an option of CalibrationAccumulator.update, for token-level batches [batch, sequence, K]', () => {
    const { logits, labels } = problem(9, 24, 5);
    // Hugging Face token classification: labels [batch, sequence] with −100 on padding and sub-word positions.
    const marked = labels.map((label, row) => (row % 4 === 3 ? -100 : label));
    const batch = [0, 1, 2].map((b) => rowsOf(logits.subarray(b * 40, (b + 1) * 40), 5));
    const labelBatch = [0, 1, 2].map((b) => marked.slice(b * 8, (b + 1) * 8));
    const accumulated = new CalibrationAccumulator({ bins: 10 })
      .update({ logits: batch.slice(0, 2) }, labelBatch.slice(0, 2), { ignoreIndex: -100 })
      .update({ logits: batch.slice(2) }, labelBatch.slice(2), { ignoreIndex: -100 })
      .compute();
    const keep = marked.map((label) => label !== -100);
    const kept = new CalibrationAccumulator({ bins: 10 })
      .update(
        { logits: rowsOf(logits, 5).filter((_, row) => keep[row]) },
        marked.filter((_, row) => keep[row]),
      )
      .compute();
    expect(accumulated.count).toBe(18);
    // Two batches against one: counts exact, sums up to summation order.
    expect(accumulated.reliability.counts).toEqual(kept.reliability.counts);
    expect(accumulated.accuracy).toBe(kept.accuracy);
    expectClose(accumulated.negativeLogLikelihood, kept.negativeLogLikelihood, { relative: 1e-12, absolute: 0 });
    expectClose(accumulated.expectedCalibrationError, kept.expectedCalibrationError, {
      relative: 1e-12,
      absolute: 1e-15,
    });
    expect(() => new CalibrationAccumulator().update({ logits: [[1, 2]] }, [0], { ignoreIndex: 0.5 })).toThrow(
      "Argument 'options.ignoreIndex' passed to 'CalibrationAccumulator.update' must be an integer",
    );
  });

  it('refuses labels that are all ignored and an ignoreIndex that is no integer', () => {
    expect(() => accuracy({ logits: [[1, 2]] }, [-100], { ignoreIndex: -100 })).toThrow(
      "Argument 'labels' passed to 'accuracy' must hold at least one label other than options.ignoreIndex (-100), " +
        'but got 1 ignored labels.',
    );
    expect(() => fitTemperature([[1, 2]], [0], { ignoreIndex: 1.5 })).toThrow(
      "Argument 'options.ignoreIndex' passed to 'fitTemperature' must be an integer",
    );
    expect(() => accuracy({ logits: [[1, 2]] }, [-100])).toThrow('but got -100 at flat index 0');
  });
});

describe('binary probabilities of the positive class (scikit-learn form)', () => {
  const positive = [0.9, 0.2, 0.65, 0.4, 0.05, 0.5, 1, 0];
  const labels = [1, 0, 1, 1, 0, 0, 1, 0];
  const twoColumns = positive.map((p) => [1 - p, p]);
  it.each(Object.entries(labelled).filter(([name]) => name !== 'fitTemperature'))(
    '%s reads { probabilities: p } with 0/1 labels as rows [1 − p, p]',
    (_name, call) => {
      const expected = call({ probabilities: twoColumns }, labels);
      expect(call({ probabilities: positive }, labels)).toEqual(expected);
      expect(call({ probabilities: Float64Array.from(positive) }, labels)).toEqual(expected);
      const float32 = Float32Array.from(positive);
      expect(call({ probabilities: float32 }, labels)).toEqual(
        call({ probabilities: Array.from(float32, (p) => [1 - p, p]) }, labels),
      );
    },
  );

  it('takes a tensor of shape [N] and leaks nothing', async () => {
    await expectNoLeak(() => {
      const tensor = tf.tensor1d(positive);
      expectClose(brierScore({ probabilities: tensor }, labels), brierScore({ probabilities: twoColumns }, labels), {
        relative: 1e-7,
        absolute: 1e-7,
      });
      tensor.dispose();
    });
  });

  it('refuses values outside [0, 1] and labels other than 0/1', () => {
    expect(() => expectedCalibrationError({ probabilities: [0.5, 1.2] }, [0, 1])).toThrow(
      "Argument 'input.probabilities' passed to 'expectedCalibrationError' must hold positive-class probabilities in " +
        '[0, 1] (tolerance 0.001) when it has one value per label, but got 1.2 at index 1.',
    );
    expect(() => brierScore({ probabilities: [0.5, Number.NaN] }, [0, 1])).toThrow('must contain only finite values');
    expect(() => accuracy({ probabilities: [0.5, 0.7] }, [0, 2])).toThrow(
      'must hold integer class indices in [0, 1], but got 2',
    );
    expect(() => accuracy({ logits: [0.5, 0.7] }, [0, 2])).toThrow(
      'must hold integer class indices in [0, 1], but got 2',
    );
  });

  it('reads one logit per label as the score of class 1, the rows [0, s]', () => {
    expect(accuracy({ logits: [0.5, -0.7, 2] }, [1, 0, 0])).toBe(
      accuracy(
        {
          logits: [
            [0, 0.5],
            [0, -0.7],
            [0, 2],
          ],
        },
        [1, 0, 0],
      ),
    );
    expect(accuracy({ logits: [0.5, -0.7, 2] }, [1, 0, 0])).toBeCloseTo(2 / 3, 12);
  });
});

describe('the probabilities-as-logits warning', () => {
  afterEach(() => {
    setWarningHandler(undefined);
    resetWarnings();
  });

  const probabilities = [
    [0.7, 0.2, 0.1],
    [0.1, 0.8, 0.1],
    [0.3, 0.3, 0.4],
  ];
  const labels = [0, 1, 2];
  const named: [string, () => unknown][] = [
    ...Object.entries(labelled)
      .filter(([name]) => !name.includes(' '))
      .map(([name, call]): [string, () => unknown] => [name, () => call({ logits: probabilities }, labels)]),
    ['confidenceHistogram', () => confidenceHistogram({ logits: probabilities })],
    [
      'CalibrationAccumulator.update',
      () => new CalibrationAccumulator().update({ logits: Float32Array.from(probabilities.flat()) }, labels),
    ],
  ];

  it.each(named)('comes once from %s, under its name, and never for logits or for probabilities', (name, call) => {
    const warnings: SoftlabelsWarning[] = [];
    setWarningHandler((warning) => warnings.push(warning));
    call();
    call();
    expect(warnings.map((warning) => [warning.code, warning.functionName])).toEqual([
      ['probabilities-as-logits', name],
    ]);
    resetWarnings();
    warnings.length = 0;
    expectedCalibrationError({ probabilities }, labels);
    expectedCalibrationError({ logits: probabilities.map((row) => row.map(Math.log)) }, labels);
    expect(warnings).toEqual([]);
  });

  it('looks at the first 1024 rows only', () => {
    const warnings: SoftlabelsWarning[] = [];
    setWarningHandler((warning) => warnings.push(warning));
    const rows = Array.from({ length: 1025 }, (_, row) => (row < 1024 ? [0.25, 0.75] : [3, -1]));
    accuracy({ logits: rows }, new Array<number>(1025).fill(1));
    expect(warnings).toHaveLength(1);
    resetWarnings();
    warnings.length = 0;
    accuracy({ logits: [[3, -1], ...rows] }, new Array<number>(1026).fill(1));
    expect(warnings).toEqual([]);
  });
});
