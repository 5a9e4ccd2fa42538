import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { expectClose, expectNoLeak, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { logitMutualInformation } from './logit-mutual-information';

interface MiCase {
  name: string;
  meanDraws: number[][];
  evalDraws: number[];
  mutualInformation: number;
  variance: number;
  logN: number;
}

const cases = loadFixture<MiCase[]>(import.meta.url, './__fixtures__/logit-mutual-information.json');

/** The large-N expectation of Î when all μ_x are equal, with L draws per example (see the TSDoc). */
function noInformationBias(draws: number): number {
  const s = (draws - 1) / draws;
  return -(1 + 1 / draws) / (2 * s) + 0.5 * Math.log(1 + 1 / (draws * s)) + 1 / (2 * (s + 1 / draws));
}

/** `[N, L + 1]` samples: example x has mean `mean(x)` and Gaussian noise of standard deviation `noise`. */
function simulate(
  examples: number,
  draws: number,
  mean: (x: number) => number,
  noise: number,
  seed: number,
): number[][] {
  const random = new RandomSource(seed);
  return Array.from({ length: examples }, (_, x) =>
    Array.from({ length: draws + 1 }, () => mean(x) + noise * random.normal()),
  );
}

describe('logitMutualInformation against an independent float64 implementation', () => {
  it.each(cases.map((item) => [item.name, item] as const))('%s', (_name, item) => {
    const split = logitMutualInformation({ meanDraws: item.meanDraws, evalDraws: item.evalDraws });
    expectClose(split, item.mutualInformation, { relative: 1e-10, absolute: 1e-10 });
    const joined = item.meanDraws.map((row, x) => [...row, item.evalDraws[x] as number]);
    expect(logitMutualInformation(joined)).toBe(split);
    expect(split).toBeLessThanOrEqual(item.logN);
  });

  it('gives the float32 value of a tensor input to float32 precision', () => {
    const item = cases[3] as MiCase;
    const meanDraws = tf.tensor2d(item.meanDraws);
    const evalDraws = tf.tensor1d(item.evalDraws);
    expectClose(logitMutualInformation({ meanDraws, evalDraws }), item.mutualInformation, {
      relative: 1e-6,
      absolute: 1e-6,
    });
    tf.dispose([meanDraws, evalDraws]);
  });
});

describe('logitMutualInformation on constructed cases', () => {
  it('has the analytic large-N bias for L = 5: about −0.14', () => {
    expect(noInformationBias(5)).toBeCloseTo(-0.1384, 4);
  });

  it('is ≈ 0 less the bias when all μ_x are equal (and may be negative)', () => {
    const estimates = [1, 2, 3].map((seed) => logitMutualInformation(simulate(600, 5, () => 0, 1, seed)));
    const average = estimates.reduce((sum, value) => sum + value, 0) / estimates.length;
    expect(Math.abs(average - noInformationBias(5))).toBeLessThan(0.05);
    expect(Math.max(...estimates)).toBeLessThan(0);
  });

  it('is ≈ log N for widely separated μ_x with tiny noise', () => {
    const estimate = logitMutualInformation(simulate(300, 5, (x) => 10 * x, 0.01, 4));
    expect(estimate).toBeLessThanOrEqual(Math.log(300));
    expect(estimate).toBeGreaterThan(Math.log(300) - 1e-6);
  });

  it('is ≈ log 2 less the bias for two tight clusters', () => {
    const estimate = logitMutualInformation(simulate(600, 5, (x) => (x % 2 === 0 ? -40 : 40), 1, 5));
    expect(Math.abs(estimate - (Math.log(2) + noInformationBias(5)))).toBeLessThan(0.05);
  });

  it('never exceeds log N, even for N = 2 and identical draws of distinct examples', () => {
    for (const seed of [6, 7, 8, 9, 10]) {
      const random = new RandomSource(seed);
      const examples = 2 + random.int(30);
      const samples = simulate(examples, 2 + random.int(5), (x) => x * random.uniform() * 1e3, 1e-3, seed);
      expect(logitMutualInformation(samples), `seed ${seed}`).toBeLessThanOrEqual(Math.log(examples));
    }
    expect(
      logitMutualInformation([
        [0, 1, 0],
        [1e6, 1e6 + 1, 1e6],
      ]),
    ).toBe(Math.log(2));
  });

  it.each([2 ** -1000, 2 ** 1000])(
    'gives the same finite value for draws scaled by %s, near the ends of float64',
    (scale) => {
      const samples = [
        [1, 0.9, 1],
        [-1, -0.9, -1],
        [0.2, 0.1, 0.15],
      ];
      const expected = logitMutualInformation(samples);
      expect(expected).toBeGreaterThan(0);
      expect(logitMutualInformation(samples.map((row) => row.map((value) => value * scale)))).toBe(expected);
    },
  );

  it('gives a finite value for draws whose squares overflow float64', () => {
    const samples = [
      [1e308, 9e307, 1e308],
      [-1e308, -9e307, -1e308],
    ];
    const scaled = samples.map((row) => row.map((value) => value * 2 ** -1000));
    expect(logitMutualInformation(samples)).toBe(logitMutualInformation(scaled));
    expect(logitMutualInformation(samples)).toBeGreaterThan(0.1);
  });

  it('converts to bits', () => {
    const samples = simulate(50, 3, (x) => x % 5, 0.3, 11);
    expectClose(logitMutualInformation(samples, { units: 'bits' }), logitMutualInformation(samples) / Math.LN2);
  });
});

describe('logitMutualInformation input checks', () => {
  it('rejects N < 2 and L < 2', () => {
    expect(() => logitMutualInformation([[1, 2, 3]])).toThrow(ShapeMismatchError);
    expect(() => logitMutualInformation([[1, 2, 3]])).toThrow(
      "Argument 'samples' passed to 'logitMutualInformation' must have N >= 2 rows (examples) and at least 3 columns",
    );
    expect(() =>
      logitMutualInformation([
        [1, 2],
        [3, 4],
      ]),
    ).toThrow('at least 3 columns');
    expect(() => logitMutualInformation({ meanDraws: [[1], [2]], evalDraws: [1, 2] })).toThrow(
      "'samples.meanDraws' passed to 'logitMutualInformation' must have N >= 2 rows (examples) and at least 2 columns",
    );
  });

  it('rejects mismatched, ragged, non-numeric and non-finite samples', () => {
    expect(() =>
      logitMutualInformation({
        meanDraws: [
          [1, 2],
          [2, 3],
        ],
        evalDraws: [1, 2],
        evalDraw: [1, 2],
      } as never),
    ).toThrow("Argument 'samples.evalDraw' passed to 'logitMutualInformation' must not be set");
    expect(() =>
      logitMutualInformation({
        meanDraws: [
          [1, 2],
          [2, 3],
        ],
        evalDraws: [1],
      }),
    ).toThrow(
      "'samples.evalDraws' passed to 'logitMutualInformation' must have one draw per row of samples.meanDraws (2)",
    );
    expect(() =>
      logitMutualInformation([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow('rows of equal length');
    expect(() =>
      logitMutualInformation([
        [1, 2, 'x'],
        [1, 2, 3],
      ] as never),
    ).toThrow(InvalidArgumentError);
    expect(() => logitMutualInformation('samples' as never)).toThrow(InvalidArgumentError);
    expect(() =>
      logitMutualInformation([
        [1, 2, Number.NaN],
        [1, 2, 3],
      ]),
    ).toThrow(
      "'samples' passed to 'logitMutualInformation' must contain only finite values, but got NaN at flat index 2.",
    );
    expect(() =>
      logitMutualInformation({
        meanDraws: [
          [1, 2],
          [2, 3],
        ],
        evalDraws: [1, Number.POSITIVE_INFINITY],
      }),
    ).toThrow('samples.evalDraws');
    const cube = tf.zeros([2, 3, 1]);
    expect(() => logitMutualInformation(cube)).toThrow('must have rank 2');
    cube.dispose();
  });

  it('rejects samples without any variation between draws (σ² = 0)', () => {
    expect(() =>
      logitMutualInformation([
        [1, 1, 1],
        [2, 2, 2],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      logitMutualInformation([
        [1, 1, 1],
        [2, 2, 2],
      ]),
    ).toThrow('σ² = 0');
  });

  it('leaks no tensors', async () => {
    const samples = tf.tensor2d([
      [0, 1, 0.5],
      [3, 4, 3.5],
      [1, 0, 2],
    ]);
    const constant = tf.ones([2, 3]);
    await expectNoLeak(() => {
      logitMutualInformation(samples);
      expect(() => logitMutualInformation(constant)).toThrow('σ² = 0');
    });
    tf.dispose([samples, constant]);
  });
});
