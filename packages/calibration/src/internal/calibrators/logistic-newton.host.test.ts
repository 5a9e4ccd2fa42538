import { expectClose } from '@softlabels/test-utils';
import { RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { fitLogistic } from './logistic-newton';

const logit = (p: number) => Math.log(p / (1 - p));

describe('fitLogistic', () => {
  it('finds the closed-form optimum of one binary feature: the log-odds of each group', () => {
    const x = Float64Array.of(0, 0, 0, 0, 1, 1, 1, 1, 1);
    const t = Float64Array.of(1, 0, 0, 0, 1, 1, 0, 1, 1);
    const fit = fitLogistic([x], t, new Float64Array(2), 1e-12, 100);
    expect(fit.converged).toBe(true);
    expectClose(fit.coefficients[1] as number, logit(1 / 4), { relative: 1e-10, absolute: 1e-12 });
    expectClose((fit.coefficients[0] as number) + (fit.coefficients[1] as number), logit(4 / 5), {
      relative: 1e-10,
      absolute: 1e-12,
    });
    expect(fit.iterations).toBeLessThan(10);
  });

  it('fits soft targets, and intercepts alone', () => {
    const t = Float64Array.of(0.2, 0.9, 0.4, 0.7);
    const fit = fitLogistic([], t, new Float64Array(1), 1e-12, 100);
    expectClose(fit.coefficients[0] as number, logit(0.55), { relative: 1e-12, absolute: 1e-14 });
  });

  it('damps the singular Hessian of a constant feature and still converges', () => {
    const x = new Float64Array(10).fill(2);
    const t = Float64Array.of(1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    const fit = fitLogistic([x], t, new Float64Array(2), 1e-12, 100);
    expect(fit.converged).toBe(true);
    expectClose(2 * (fit.coefficients[0] as number) + (fit.coefficients[1] as number), logit(0.3), {
      relative: 1e-9,
      absolute: 1e-12,
    });
  });

  it('stops separable data at the tolerance, and reports a run-out budget as not converged', () => {
    const x = Float64Array.of(-2, -1, 1, 2);
    const t = Float64Array.of(0, 0, 1, 1);
    const fit = fitLogistic([x], t, new Float64Array(2), 1e-8, 200);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(5);
    const short = fitLogistic([x], t, new Float64Array(2), 1e-8, 3);
    expect(short).toMatchObject({ iterations: 3, converged: false });
  });
});

describe('fitLogistic on many rows', () => {
  it('converges to 1e-12 where the last Newton steps gain less than the mean objective resolves', () => {
    // Platt's problem for one class of 50 000 rows with 1 % positives (scores shifted by 6 for 60 % of them and for
    // 0.4 % of the rest), with his smoothed targets: at the last steps the Armijo test cannot see the decrease, and
    // only the gradient tells that a step helps.
    const random = new RandomSource(2);
    const rows = 50_000;
    const x = new Float64Array(rows);
    const positive = new Uint8Array(rows);
    for (let row = 0; row < rows; row += 1) {
      positive[row] = random.uniform() < 0.01 ? 1 : 0;
      x[row] = 2 * random.normal() + (random.uniform() < (positive[row] === 1 ? 0.6 : 0.004) ? 6 : 0);
    }
    const positives = positive.reduce((sum, value) => sum + value, 0);
    const negatives = rows - positives;
    const t = Float64Array.from(positive, (value) =>
      value === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2),
    );
    const fit = fitLogistic([x], t, Float64Array.of(0, -Math.log((negatives + 1) / (positives + 1))), 1e-12, 100);
    expect(fit).toMatchObject({ converged: true });
    expect(fit.iterations).toBeLessThan(12);
  });
});
