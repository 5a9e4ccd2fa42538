import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import * as kernels from '@softlabels/core/kernels';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
import type { CalibrationInput } from '../types';
import * as rowStatistics from './row-statistics';
import * as temperaturePass from './temperature-pass';

// A fixed seed, in the test names so that a failure names the inputs it ran on.
const seed = 1_234_567;
// Float32 confidences against float64 ones: ~1e-7 apart per row.
const float32 = { relative: 1e-5, absolute: 1e-6 };
const BINS = 15;

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Runs `body` and counts the passes it made: `fused`, the kernel passes that returned (`calibrationStatistics` calls,
 * and evaluations of an objective from `createTemperatureNll`); `float64`, the host passes (`accumulateRows`,
 * `rowConfidences`, `temperaturePass`).
 */
function countPasses(body: () => void): { fused: number; float64: number } {
  const statistics = vi.spyOn(kernels, 'calibrationStatistics');
  let evaluations = 0;
  const create = kernels.createTemperatureNll;
  vi.spyOn(kernels, 'createTemperatureNll').mockImplementation((data) => {
    const objective = create(data);
    return (logTemperature) => {
      const result = objective(logTemperature);
      evaluations += 1;
      return result;
    };
  });
  const host = [
    vi.spyOn(rowStatistics, 'accumulateRows'),
    vi.spyOn(rowStatistics, 'rowConfidences'),
    vi.spyOn(temperaturePass, 'temperaturePass'),
  ];
  try {
    body();
    return {
      fused: statistics.mock.results.filter((result) => result.type === 'return').length + evaluations,
      float64: host.reduce((total, spy) => total + spy.mock.calls.length, 0),
    };
  } finally {
    vi.restoreAllMocks();
  }
}

interface Rows {
  kind: 'logits' | 'probabilities';
  values: Float32Array;
  labels: Int32Array;
  rows: number;
  classes: number;
}

/**
 * Random float32 rows whose float64 top-label confidences keep 1e-5 away from every uniform edge m/15 and from each
 * other, so that the float32 and float64 passes put every row in the same bin and rank (rows that do not are redrawn).
 */
function randomRows(random: RandomSource, kind: Rows['kind'], rows: number, classes: number): Rows {
  const values = new Float32Array(rows * classes);
  const labels = new Int32Array(rows);
  const taken: number[] = [];
  const row = new Float32Array(classes);
  for (let index = 0; index < rows;) {
    const scale = 0.5 + 4 * random.uniform();
    for (let k = 0; k < classes; k += 1) row[k] = random.normal() * scale;
    const top = Math.max(...row);
    const weights = Array.from(row, (z) => Math.exp(z - top));
    const total = weights.reduce((sum, w) => sum + w, 0);
    if (kind === 'probabilities') row.set(weights.map((w) => w / total));
    const confidence = kind === 'probabilities' ? Math.max(...row) : 1 / total;
    const nearEdge = Math.abs(confidence * BINS - Math.round(confidence * BINS)) < 1e-4;
    if (nearEdge || taken.some((other) => Math.abs(other - confidence) < 1e-5)) continue;
    taken.push(confidence);
    values.set(row, index * classes);
    labels[index] = random.uniform() < confidence ? weights.indexOf(1) : random.int(classes);
    index += 1;
  }
  return { kind, values, labels, rows, classes };
}

const wrap = (kind: Rows['kind'], values: unknown): CalibrationInput =>
  (kind === 'logits' ? { logits: values } : { probabilities: values }) as CalibrationInput;

const shapes = [
  ['logits', 300, 10],
  ['logits', 120, 97],
  ['logits', 400, 2],
  ['probabilities', 300, 10],
  ['probabilities', 150, 33],
] as const;

describe('the fused kernel path of the calibration metrics', () => {
  it('is available on this backend (cpu and wasm)', () => {
    expect(kernels.fusedKernelsAvailable()).toBe(true);
  });

  it.each(
    shapes.map(([kind, rows, classes]) => [`${kind} ${rows}x${classes} seed ${seed}`, kind, rows, classes] as const),
  )('agrees with the float64 pass on float32 tensors: %s', async (_name, kind, rows, classes) => {
    const data = randomRows(new RandomSource(seed + rows + classes), kind, rows, classes);
    const tensor = tf.tensor2d(data.values, [rows, classes]);
    const labels = tf.tensor1d(data.labels, 'int32');
    const float64 = wrap(
      kind,
      Array.from({ length: rows }, (_, row) => Array.from(data.values.subarray(row * classes, (row + 1) * classes))),
    );
    const float64Labels = Array.from(data.labels);
    const options = { bins: BINS, distributionTolerance: 1e-5, precision: 'float32' } as const;
    const float64Options = { ...options, precision: 'float64' } as const;
    type Options = typeof options | typeof float64Options;
    const metrics = (input: CalibrationInput, y: tf.Tensor | number[], o: Options = options): number[] => [
      expectedCalibrationError(input, y, o),
      expectedCalibrationError(input, y, { ...o, norm: 'l2' }),
      expectedCalibrationError(input, y, { ...o, norm: 'max' }),
      expectedCalibrationError(input, y, { ...o, binning: 'quantile' }),
      adaptiveCalibrationError(input, y, { ...o, norm: 'max' }),
      debiasedCalibrationError(input, y, o),
      accuracy(input, y, { distributionTolerance: o.distributionTolerance, precision: o.precision }),
      negativeLogLikelihood(input, y, { distributionTolerance: o.distributionTolerance, precision: o.precision }),
      reliabilityDiagram(input, y, o).averageConfidence,
    ];
    const histograms = (input: CalibrationInput, y: tf.Tensor | number[], o: Options = options): number[][] => [
      reliabilityDiagram(input, y, o).counts,
      reliabilityDiagram(input, y, { ...o, binning: 'quantile' }).counts,
      confidenceHistogram(input, o).counts,
      confidenceHistogram(input, { ...o, binning: 'quantile' }).counts,
    ];
    await expectNoLeak(() => {
      let fused: number[] = [];
      let fusedCounts: number[][] = [];
      expect(
        countPasses(() => {
          fused = metrics(wrap(kind, tensor), labels);
          fusedCounts = histograms(wrap(kind, tensor), labels);
        }),
      ).toEqual({ fused: 13, float64: 0 });
      let reference: number[] = [];
      let referenceCounts: number[][] = [];
      expect(
        countPasses(() => {
          reference = metrics(float64, float64Labels, float64Options);
          referenceCounts = histograms(float64, float64Labels, float64Options);
        }),
      ).toMatchObject({ fused: 0 });
      expectClose(fused, reference, float32);
      expect(fusedCounts).toEqual(referenceCounts);
    });
    tf.dispose([tensor, labels]);
  });

  it(`fits the same temperature as the float64 pass, in few passes (seed ${seed})`, async () => {
    const random = new RandomSource(seed);
    const rows = 4000;
    const classes = 20;
    const logits = new Float32Array(rows * classes);
    const labels = new Int32Array(rows);
    for (let row = 0; row < rows; row += 1) {
      const z = Array.from({ length: classes }, () => random.normal() * 3);
      logits.set(z, row * classes);
      // Labels drawn from softmax(z / 1.7): the fit should find T ≈ 1.7.
      const weights = z.map((value) => Math.exp(value / 1.7));
      let draw = random.uniform() * weights.reduce((sum, w) => sum + w, 0);
      labels[row] = classes - 1;
      for (let k = 0; k < classes; k += 1) {
        draw -= weights[k] as number;
        if (draw < 0) {
          labels[row] = k;
          break;
        }
      }
    }
    const tensor = tf.tensor2d(logits, [rows, classes]);
    await expectNoLeak(() => {
      const float32 = { precision: 'float32' } as const;
      let fused = fitTemperature(logits, labels, float32);
      // One kernel pass per iteration: the first also rejects NaN and ±∞ rows, so no pass validates the logits apart.
      expect(countPasses(() => (fused = fitTemperature(tensor, labels, float32))).fused).toBe(fused.iterations);
      let reference = fused;
      expect(
        countPasses(
          () =>
            (reference = fitTemperature(Float64Array.from(logits), labels, { tolerance: 1e-6, precision: 'float64' })),
        ).fused,
      ).toBe(0);
      expect(fused.converged && reference.converged).toBe(true);
      expect(fused.iterations).toBeLessThanOrEqual(10);
      expectClose(fused.temperature, reference.temperature, { relative: 1e-5, absolute: 0 });
      expectClose([fused.nllBefore, fused.nllAfter], [reference.nllBefore, reference.nllAfter], {
        relative: 1e-6,
        absolute: 0,
      });
      expect(Math.abs(fused.temperature / 1.7 - 1)).toBeLessThan(0.05);
    });
    tensor.dispose();
  });

  it('leaves Brier, classwise errors and the accumulator on the float64 pass', async () => {
    const data = randomRows(new RandomSource(seed + 1), 'logits', 50, 4);
    const tensor = tf.tensor2d(data.values, [data.rows, data.classes]);
    await expectNoLeak(() => {
      const float32 = { precision: 'float32' } as const;
      const counts = countPasses(() => {
        brierScore({ logits: tensor }, data.labels, float32);
        classwiseCalibrationError({ logits: tensor }, data.labels, float32);
        reliabilityDiagram({ logits: tensor }, data.labels, { classIndex: 1, ...float32 });
        new CalibrationAccumulator(float32).update({ logits: tensor }, data.labels).compute();
      });
      // No kernel pass: each call validates its logits on the host and takes one float64 pass.
      expect(counts).toEqual({ fused: 0, float64: 4 });
    });
    tensor.dispose();
  });

  it('falls back to the float64 pass for rows the kernel refuses, and still names non-finite values', async () => {
    await expectNoLeak(() => {
      // Inside the distribution tolerance, but above 1 in float32: the kernel refuses it, the float64 pass takes it.
      const probabilities = Float32Array.from([1.0000001, 0, 0.3, 0.7]);
      let fused = 0;
      const float32 = { bins: 4, precision: 'float32' } as const;
      expect(countPasses(() => (fused = expectedCalibrationError({ probabilities }, [0, 1], float32)))).toEqual({
        fused: 0,
        float64: 1,
      });
      expect(
        expectedCalibrationError({ probabilities: Float64Array.from(probabilities) }, [0, 1], {
          bins: 4,
          precision: 'float64',
        }),
      ).toBe(fused);
      for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY]) {
        const logits = tf.tensor2d([
          [0, 1],
          [2, bad],
        ]);
        expect(() => expectedCalibrationError({ logits }, [0, 1], { precision: 'float32' })).toThrow(
          `Argument 'input.logits' passed to 'expectedCalibrationError' must contain only finite values, but got ${bad} at flat index 3.`,
        );
        expect(() => fitTemperature(logits, [0, 1], { precision: 'float32' })).toThrow(
          "Argument 'logits' passed to 'fitTemperature' must contain only finite values",
        );
        logits.dispose();
      }
    });
  });
});
