import { InvalidArgumentError, RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { betaCalibrationMethod } from './beta-calibration';

const settings = { maxIterations: undefined, tolerance: undefined };

describe('betaCalibrationMethod', () => {
  it('recovers a, b, c from labels drawn from a beta map', () => {
    const random = new RandomSource(17);
    const p: number[] = [];
    const labels: number[] = [];
    for (let row = 0; row < 20000; row += 1) {
      const value = random.uniform() * 0.98 + 0.01;
      const q = 1 / (1 + 1 / ((Math.exp(0.5) * value ** 2) / (1 - value) ** 0.7));
      p.push(value);
      labels.push(random.uniform() < q ? 1 : 0);
    }
    const fit = betaCalibrationMethod.fit(
      readLabelledInput({ probabilities: p }, labels, 'fitCalibrator', 0),
      {},
      settings,
    );
    expect(fit.converged).toBe(true);
    expect(Math.abs((fit.parameters.a[0] as number) - 2)).toBeLessThan(0.15);
    expect(Math.abs((fit.parameters.b[0] as number) - 0.7)).toBeLessThan(0.15);
    expect(Math.abs((fit.parameters.c[0] as number) - 0.5)).toBeLessThan(0.15);
  });

  it('refits a negative exponent at 0, so that the map never decreases', () => {
    // Positives at both ends: the unconstrained fit wants a U shape (a < 0 < b).
    const p = [0.01, 0.02, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.98, 0.99, 0.03];
    const labels = [1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0];
    const rows = readLabelledInput({ probabilities: p }, labels, 'fitCalibrator', 0);
    const fit = betaCalibrationMethod.fit(rows, {}, settings);
    expect(fit.converged).toBe(true);
    expect(fit.parameters.a[0]).toBe(0);
    expect(fit.parameters.b[0]).toBeGreaterThan(0);
    const grid = Array.from({ length: 101 }, (_, index) => index / 100);
    const out = betaCalibrationMethod.apply(
      fit.parameters,
      readLabelledInput({ probabilities: grid }, new Array(101).fill(0), 'fitCalibrator', 0),
    );
    for (let row = 1; row < grid.length; row += 1) {
      expect(out[2 * row + 1] as number).toBeGreaterThanOrEqual(out[2 * row - 1] as number);
    }
  });

  it('reads its JSON back and refuses negative exponents, naming the entry', () => {
    expect(betaCalibrationMethod.fromJson({ a: [1], b: [2], c: [0] }, 2, 'Calibrator.fromJSON').a).toEqual(
      Float64Array.of(1),
    );
    const twoColumns = () =>
      betaCalibrationMethod.fromJson({ a: [1, -0.5], b: [0, 2], c: [0, 0] }, 2, 'Calibrator.fromJSON');
    expect(twoColumns).toThrow("'json.parameters.a' passed to 'Calibrator.fromJSON' must hold 1 numbers");
    const negative = () =>
      betaCalibrationMethod.fromJson({ a: [1, 1, -0.5], b: [0, 2, 1], c: [0, 0, 0] }, 3, 'Calibrator.fromJSON');
    expect(negative).toThrow(InvalidArgumentError);
    expect(negative).toThrow("'json.parameters.a[2]' passed to 'Calibrator.fromJSON'");
    const missing = () => betaCalibrationMethod.fromJson({ a: [1], b: [1] }, 2, 'Calibrator.fromJSON');
    expect(missing).toThrow("'json.parameters.c' passed to 'Calibrator.fromJSON' must be set");
  });
});
