import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs';
import {
  identityParameters,
  linearSoftmaxHessian,
  linearSoftmaxObjective,
  parameterCount,
  type LinearSoftmaxProblem,
} from './linear-softmax-objective';
import { polishNewton } from './newton-polish';
import { logProbabilityRows } from './row-transforms';

describe('polishNewton', () => {
  it('minimises a singular convex quadratic (a flat direction, as the softmax shift leaves) in one step', () => {
    // f = ½ (x₀ + x₁ − 2)² + ½ (x₂ − 1)²: every point with x₀ + x₁ = 2, x₂ = 1 is a minimum.
    const objective = (x: Float64Array, gradient: Float64Array): number => {
      const u = x[0]! + x[1]! - 2;
      gradient[0] = u;
      gradient[1] = u;
      gradient[2] = x[2]! - 1;
      return 0.5 * u * u + 0.5 * (x[2]! - 1) ** 2;
    };
    const hessian = (_x: Float64Array, out: Float64Array): void => {
      out.set([1, 1, 0, 1, 1, 0, 0, 0, 1]);
    };
    const result = polishNewton(objective, hessian, Float64Array.from([5, -1, 4]), {
      maxIterations: 10,
      tolerance: 1e-12,
    });
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(1);
    expectClose(result.x[0]! + result.x[1]!, 2, { relative: 0, absolute: 1e-12 });
    expectClose(result.x[2]!, 1, { relative: 0, absolute: 1e-12 });
  });

  it('finishes in a few steps a near-separable Dirichlet-style fit that L-BFGS leaves far from its tolerance', () => {
    // Labels sharper than the scores (T* = 0.4) over few rows, and log-softmax inputs: the optimum lies far out,
    // along tiny curvature.
    const random = new RandomSource(21);
    const rows = 80;
    const classes = 5;
    const logits = Float64Array.from({ length: rows * classes }, () => random.normal() * 3);
    const labels = Int32Array.from({ length: rows }, (_, row) => {
      const w = Array.from(logits.subarray(row * classes, (row + 1) * classes), (z) => Math.exp(z / 0.4));
      let u = random.uniform() * w.reduce((sum, v) => sum + v, 0);
      return Math.max(
        0,
        w.findIndex((v) => (u -= v) < 0),
      );
    });
    const inputs = logProbabilityRows({
      kind: 'logits',
      values: logits,
      rows,
      classes,
      parameter: 'input.logits',
      functionName: 'fitCalibrator',
      finiteChecked: true,
      shape: [rows, classes],
      binaryForm: false,
    });
    const problem: LinearSoftmaxProblem = {
      map: 'matrix',
      inputs,
      labels,
      rows,
      classes,
      offDiagonal: 0,
      intercept: 0,
    };
    const objective = linearSoftmaxObjective(problem);
    const start = identityParameters('matrix', classes);
    const lbfgs = minimizeLbfgs(objective, start, { maxIterations: 300, tolerance: 1e-8 });
    expect(lbfgs.converged).toBe(false);
    const polished = polishNewton(objective, linearSoftmaxHessian(problem), lbfgs.x, {
      maxIterations: 100,
      tolerance: 1e-8,
    });
    expect(polished.converged).toBe(true);
    expect(polished.gradientNorm).toBeLessThanOrEqual(1e-8);
    expect(polished.value).toBeLessThanOrEqual(lbfgs.value);
    expect(polished.x).toHaveLength(parameterCount('matrix', classes));
  });

  it('stops after maxIterations', () => {
    const objective = (x: Float64Array, gradient: Float64Array): number => {
      gradient[0] = Math.exp(x[0]!) - Math.exp(-x[0]!);
      return Math.exp(x[0]!) + Math.exp(-x[0]!);
    };
    const hessian = (x: Float64Array, out: Float64Array): void => {
      out[0] = Math.exp(x[0]!) + Math.exp(-x[0]!);
    };
    const result = polishNewton(objective, hessian, Float64Array.from([20]), { maxIterations: 3, tolerance: 1e-12 });
    expect(result).toMatchObject({ iterations: 3, converged: false });
  });
});
