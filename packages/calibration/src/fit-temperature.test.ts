import * as tf from '@tensorflow/tfjs-core';
import * as core from '@softlabels/core';
import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { captureWarnings, expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { README_LABELS, README_LOGITS, README_PROBABILITIES } from './test-support/readme-example';
import { fitTemperature } from './fit-temperature';
import { negativeLogLikelihood } from './negative-log-likelihood';

interface TemperatureCase {
  name: string;
  logits: number[][];
  labels: number[];
  nllBefore: number;
  lbfgsTemperature: number;
  lbfgsNll: number | null;
  referenceTemperature: number;
  referenceNll: number;
}

const { cases } = loadFixture<{ cases: TemperatureCase[] }>(import.meta.url, './__fixtures__/temperature.json');

/** n rows of K logits (normal × scale) and labels drawn from softmax(z / T*), all from a seeded stream. */
function synthetic(seed: number, rows: number, classes: number, scale: number, trueTemperature: number) {
  const random = new RandomSource(seed);
  const logits = new Float64Array(rows * classes);
  const labels = new Int32Array(rows);
  const weights = new Float64Array(classes);
  for (let row = 0; row < rows; row += 1) {
    let top = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k += 1) {
      const z = random.normal() * scale;
      logits[row * classes + k] = z;
      top = Math.max(top, z);
    }
    let sum = 0;
    for (let k = 0; k < classes; k += 1) {
      weights[k] = Math.exp(((logits[row * classes + k] as number) - top) / trueTemperature);
      sum += weights[k] as number;
    }
    let draw = random.uniform() * sum;
    let label = classes - 1;
    for (let k = 0; k < classes; k += 1) {
      draw -= weights[k] as number;
      if (draw < 0) {
        label = k;
        break;
      }
    }
    labels[row] = label;
  }
  return { logits, labels };
}

describe('fitTemperature', () => {
  it.each(cases)('finds the float64 optimum and beats the LBFGS(lr 0.01, T0 1.5) recipe: $name', (c) => {
    const fit = fitTemperature(c.logits, c.labels);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(12);
    expectClose(fit.temperature, c.referenceTemperature, { relative: 1e-6, absolute: 0 });
    expectClose(fit.nllBefore, c.nllBefore, { relative: 1e-12, absolute: 1e-12 });
    expect(fit.nllAfter).toBeLessThanOrEqual(c.referenceNll + 1e-12);
    expect(fit.nllAfter).toBeLessThanOrEqual((c.lbfgsNll ?? Number.POSITIVE_INFINITY) + 1e-6);
    expect(fit.nllAfter).toBeLessThanOrEqual(fit.nllBefore);
    expectClose(
      negativeLogLikelihood({ logits: c.logits.map((row) => row.map((z) => z / fit.temperature)) }, c.labels),
      fit.nllAfter,
      { relative: 1e-12, absolute: 1e-12 },
    );
  });

  it.each([0.5, 1, 2, 3])('recovers a known T* = %s within 2 percent at n = 50k', (trueTemperature) => {
    const { logits, labels } = synthetic(1000 + trueTemperature * 10, 50_000, 10, 3, trueTemperature);
    const fit = fitTemperature(logits, labels);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(10);
    expect(Math.abs(fit.temperature / trueTemperature - 1)).toBeLessThan(0.02);
  });

  it('stops once a Newton step is too small to move log T', () => {
    // Four passes reach the optimum; the next Newton step is below half an ulp of log T.
    const { logits, labels } = synthetic(0, 362, 5, 10 ** 0.4, Math.exp(-0.99));
    const fit = fitTemperature(logits, labels);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(5);
  });

  it('stops at minTemperature, unconverged, on separable data', () => {
    const logits = [
      [3, 0, 0],
      [0, 2, 0],
      [0, 0, 1],
      [5, 1, 1],
    ];
    const fit = fitTemperature(logits, [0, 1, 2, 0]);
    expect(fit.converged).toBe(false);
    expectClose(fit.temperature, 0.01, { relative: 1e-12, absolute: 0 });
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
    expect(Number.isFinite(fit.nllAfter)).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(8);
  });

  it('stops at maxTemperature when the logits point away from the labels', () => {
    const fit = fitTemperature(
      [
        [3, 0],
        [0, 3],
        [2, 1],
      ],
      [1, 0, 1],
      { maxTemperature: 50 },
    );
    expect(fit.converged).toBe(false);
    expectClose(fit.temperature, 50, { relative: 1e-12, absolute: 0 });
    expect(fit.nllAfter).toBeLessThan(fit.nllBefore);
  });

  it('keeps T where the NLL does not depend on it (constant rows) and starts where asked', () => {
    const flat = fitTemperature(
      [
        [1, 1, 1],
        [2, 2, 2],
      ],
      [0, 2],
      { initialTemperature: 3 },
    );
    expect(flat).toEqual({
      temperature: 3,
      nllBefore: Math.log(3),
      nllAfter: Math.log(3),
      iterations: 2,
      converged: true,
    });
  });

  it('reads tensors like arrays and leaks nothing', async () => {
    const c = cases[0] as TemperatureCase;
    await expectNoLeak(() => {
      const logits = tf.tensor2d(c.logits);
      const labels = tf.tensor1d(c.labels, 'int32');
      const fromTensor = fitTemperature(logits, labels);
      const fromArray = fitTemperature(Float32Array.from(c.logits.flat()), c.labels);
      expect(fromTensor).toEqual(fromArray);
      tf.dispose([logits, labels]);
    });
  });

  it('respects maxIterations', () => {
    const c = cases[3] as TemperatureCase;
    const fit = fitTemperature(c.logits, c.labels, { maxIterations: 2 });
    expect(fit.iterations).toBe(2);
    expect(fit.converged).toBe(false);
  });

  it('names the logits, not the kernel, when float32 overflows on finite logits, and fits them in float64', () => {
    const logits = [
      [3e38, -3e38],
      [1, 0],
    ];
    expect(() => fitTemperature(logits, [0, 0], { precision: 'float32' })).toThrow(
      /^Argument 'logits' passed to 'fitTemperature' must stay within float32 once divided by the temperature under precision: 'float32' \(precision: 'float64' takes them\), but got logits whose NLL overflows float32 at T = /,
    );
    expect(Number.isFinite(fitTemperature(logits, [0, 0]).nllAfter)).toBe(true);
  });

  it('takes the { logits } of the metrics as well, and refuses { probabilities } naming why', async () => {
    const c = cases[0] as TemperatureCase;
    await expectNoLeak(() => {
      const tensor = tf.tensor2d(c.logits);
      expect(fitTemperature({ logits: tensor }, c.labels)).toEqual(fitTemperature(tensor, c.labels));
      expect(fitTemperature({ logits: c.logits }, c.labels)).toEqual(fitTemperature(c.logits, c.labels));
      tensor.dispose();
    });
    const probabilities = { probabilities: [[0.5, 0.5]] };
    expect(() => fitTemperature(probabilities as never, [0])).toThrow(InvalidArgumentError);
    expect(() => fitTemperature(probabilities as never, [0])).toThrow(
      "Argument 'logits.probabilities' passed to 'fitTemperature' must be logits: temperature scaling divides the " +
        'scores before softmax by T, so pass { logits } (with only probabilities at hand, their logarithm serves as ' +
        'logits)',
    );
    expect(() => fitTemperature({ scores: [[1, 2]] } as never, [0])).toThrow(
      "Argument 'logits' passed to 'fitTemperature' must be a tensor, a (nested) number array, a typed array or { logits }",
    );
    expect(() => fitTemperature({ logits: [[1, Number.NaN]] }, [0])).toThrow(
      "Argument 'logits.logits' passed to 'fitTemperature' must contain only finite values",
    );
  });

  it('rejects bad arguments with typed errors', () => {
    expect(() => fitTemperature([[1, 2]], [2])).toThrow(InvalidArgumentError);
    expect(() => fitTemperature([[1, 2]], [0, 1])).toThrow(ShapeMismatchError);
    expect(() => fitTemperature([[1, Number.NaN]], [0])).toThrow(
      "Argument 'logits' passed to 'fitTemperature' must contain only finite values",
    );
    expect(() => fitTemperature([], [])).toThrow('hold at least one row');
    expect(() => fitTemperature([[1, 2]], [0], { maxTemperature: 0.001 })).toThrow('options.maxTemperature');
    expect(() => fitTemperature([[1, 2]], [0], { minTemperature: 0 })).toThrow('options.minTemperature');
  });
});

describe('fitTemperature on probabilities', () => {
  const warnings = captureWarnings(core);

  // The calibration README's example, with softmax applied first: probabilities passed where logits belong.
  const logits = README_LOGITS;
  const labels = README_LABELS;
  const probabilities = README_PROBABILITIES;

  it('"converges" at T = 0.68 as a newcomer saw, and warns once (probabilities-as-logits)', () => {
    const right = fitTemperature(logits, labels);
    expect(warnings).toEqual([]);
    const wrong = fitTemperature(probabilities, labels);
    expectClose(wrong.temperature, 0.6831123032144287, { relative: 1e-6, absolute: 0 });
    expectClose(right.temperature, 2.8853900817779206, { relative: 1e-6, absolute: 0 });
    // Softmax of probabilities is a flatter distribution, so the "fit" sharpens it: the same minimum NLL, at T < 1.
    expectClose(wrong.nllAfter, right.nllAfter, { relative: 1e-9, absolute: 0 });
    fitTemperature({ logits: probabilities }, labels);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'probabilities-as-logits', functionName: 'fitTemperature' });
    expect(warnings[0]?.message).toContain('temperature scaling divides the scores before softmax by T');
  });

  it('warns nothing when the call fails', () => {
    expect(() => fitTemperature(probabilities, [0, 1, 2, 1, 1, 3])).toThrow(InvalidArgumentError);
    expect(warnings).toEqual([]);
  });
});

/** The most passes over the logits a fit takes on the property below (the README's bound). */
const MAX_PASSES = 12;

describe('fitTemperature on random problems', () => {
  const problem = fc.record({
    classes: fc.integer({ min: 2, max: 200 }),
    rows: fc.integer({ min: 1, max: 600 }),
    // Logits normal × 10^(scale/100) (0.1 to 20), labels drawn from softmax(z / T*), T* = e^(logT/100) (0.3 to 3.3).
    scale: fc.integer({ min: -100, max: 130 }),
    logT: fc.integer({ min: -120, max: 120 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    float32: fc.boolean(),
  });

  it(`takes at most ${MAX_PASSES} passes and returns a minimum of the NLL within the range (float64 and float32)`, () => {
    fc.assert(
      fc.property(problem, ({ classes, rows, scale, logT, seed, float32 }) => {
        const data = synthetic(seed, rows, classes, 10 ** (scale / 100), Math.exp(logT / 100));
        const logits = float32 ? Float32Array.from(data.logits) : data.logits;
        const fit = fitTemperature(logits, data.labels);
        expect(fit.iterations).toBeLessThanOrEqual(MAX_PASSES);
        // The NLL of the values the fit saw, in float64, at T and next to it (where inside [0.01, 100]).
        const values = Float64Array.from(logits);
        const nllAt = (temperature: number): number =>
          negativeLogLikelihood({ logits: values.map((z) => z / temperature) }, data.labels);
        const atFit = nllAt(fit.temperature);
        for (const factor of [1 - 1e-3, 1 + 1e-3]) {
          const nearby = fit.temperature * factor;
          if (nearby < 0.01 || nearby > 100) continue;
          expect(nllAt(nearby)).toBeGreaterThanOrEqual(atFit - 1e-12 * Math.max(1, atFit));
        }
      }),
      { seed: 42, numRuns: 150 },
    );
  });

  it('never ends above nllBefore when 1 is in range, even when started far off and cut short', () => {
    const logits = [
      [2, -1, 0.5],
      [0.1, 1.5, -0.3],
    ];
    const fit = fitTemperature(logits, [0, 2], { initialTemperature: 0.05, maxIterations: 2 });
    expect(fit.converged).toBe(false);
    expect(fit.nllAfter).toBeLessThanOrEqual(fit.nllBefore);
  });
});
