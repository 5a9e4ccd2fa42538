import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import {
  identityParameters,
  LINE_SEARCH_BYTES,
  linearSoftmaxHessian,
  linearSoftmaxLine,
  linearSoftmaxObjective,
  linearSoftmaxProbabilities,
  parameterCount,
  searchesOnScores,
  type LinearMap,
  type LinearSoftmaxProblem,
} from './linear-softmax-objective';

function problemOf(map: LinearMap, rows: number, classes: number, seed: number, offDiagonal = 0, intercept = 0) {
  const random = new RandomSource(seed);
  const inputs = Float64Array.from({ length: rows * classes }, () => random.normal() * 3);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const theta = Float64Array.from({ length: parameterCount(map, classes) }, () => random.normal());
  const problem: LinearSoftmaxProblem = { map, inputs, labels, rows, classes, offDiagonal, intercept };
  return { problem, theta };
}

/** The objective written out directly: f from θ entry by entry, −log softmax(f)_y, and ODIR. */
function directValue(problem: LinearSoftmaxProblem, theta: Float64Array): number {
  const { map, inputs, labels, rows, classes: k } = problem;
  let total = 0;
  for (let row = 0; row < rows; row += 1) {
    const x = Array.from(inputs.subarray(row * k, (row + 1) * k));
    const f = x.map((_, i) =>
      map === 'vector'
        ? theta[i]! * x[i]! + theta[k + i]!
        : x.reduce((sum, xj, j) => sum + theta[i * k + j]! * xj, theta[k * k + i]!),
    );
    const top = Math.max(...f);
    total += top + Math.log(f.reduce((sum, value) => sum + Math.exp(value - top), 0)) - f[labels[row]!]!;
  }
  let penalty = 0;
  if (map === 'matrix') {
    for (let i = 0; i < k; i += 1) {
      for (let j = 0; j < k; j += 1)
        if (i !== j) penalty += (problem.offDiagonal * theta[i * k + j]! ** 2) / (k * (k - 1));
      penalty += (problem.intercept * theta[k * k + i]! ** 2) / k;
    }
  }
  return total / rows + penalty;
}

describe('linearSoftmaxObjective', () => {
  it.each([
    ['vector', 37, 4, 0, 0],
    ['vector', 5, 10, 0, 0],
    ['matrix', 37, 4, 0, 0],
    ['matrix', 16, 3, 0.7, 0.3],
    ['matrix', 50, 10, 2, 5],
  ] as const)(
    '%s map, %s rows × %s classes, λ = %s, μ = %s: value and gradient',
    (map, rows, classes, offDiagonal, intercept) => {
      const { problem, theta } = problemOf(map, rows, classes, rows * classes, offDiagonal, intercept);
      const objective = linearSoftmaxObjective(problem);
      const gradient = new Float64Array(theta.length);
      const value = objective(theta, gradient);
      expectClose(value, directValue(problem, theta), { relative: 1e-12, absolute: 1e-13 });
      const scratch = new Float64Array(theta.length);
      const h = 1e-6;
      for (let index = 0; index < theta.length; index += 1) {
        const plus = Float64Array.from(theta);
        const minus = Float64Array.from(theta);
        plus[index] = plus[index]! + h;
        minus[index] = minus[index]! - h;
        const central = (objective(plus, scratch) - objective(minus, scratch)) / (2 * h);
        expectClose(gradient[index]!, central, { relative: 1e-6, absolute: 1e-8 });
      }
    },
  );

  it('keeps the tiny loss and gradient of a confident, correct row (log1p and the exact label residual)', () => {
    const problem: LinearSoftmaxProblem = {
      map: 'vector',
      inputs: Float64Array.from([40, 0, 0]),
      labels: Int32Array.from([0]),
      rows: 1,
      classes: 3,
      offDiagonal: 0,
      intercept: 0,
    };
    const gradient = new Float64Array(6);
    const value = linearSoftmaxObjective(problem)(identityParameters('vector', 3), gradient);
    expectClose(value, Math.log1p(2 * Math.exp(-40)), { relative: 1e-12, absolute: 0 });
    // ∂/∂b_0 = p_0 − 1 = −2e^{−40} / (1 + 2e^{−40}), not 0.
    expectClose(gradient[3]!, -2 * Math.exp(-40), { relative: 1e-12, absolute: 0 });
    expectClose(gradient[0]!, -80 * Math.exp(-40), { relative: 1e-12, absolute: 0 });
  });
});

describe('linearSoftmaxLine', () => {
  it.each([
    [37, 4, 0, 0],
    [16, 3, 0.7, 0.3],
    [50, 10, 2, 5],
  ])(
    '%s rows × %s classes, λ = %s, μ = %s: the values, slopes and gradients of the objective',
    (rows, classes, offDiagonal, intercept) => {
      const { problem, theta } = problemOf('matrix', rows, classes, rows + classes, offDiagonal, intercept);
      const objective = linearSoftmaxObjective(problem);
      const line = linearSoftmaxLine(problem);
      const random = new RandomSource(rows * classes);
      const direction = Float64Array.from(theta, () => random.normal() * 0.2);
      const gradient = new Float64Array(theta.length);
      const expected = new Float64Array(theta.length);
      expectClose(line.start(theta, gradient), objective(theta, expected), { relative: 1e-13 });
      gradient.forEach((entry, index) => expectClose(entry, expected[index]!, { relative: 1e-12, absolute: 1e-14 }));
      line.setDirection(direction);
      for (const step of [0.3, -1, 2]) {
        const point = Float64Array.from(theta, (entry, index) => entry + step * direction[index]!);
        const value = objective(point, expected);
        const slope = expected.reduce((sum, entry, index) => sum + entry * direction[index]!, 0);
        const probed = line.probe(step);
        expectClose(probed.value, value, { relative: 1e-12 });
        expectClose(probed.slope, slope, { relative: 1e-10, absolute: 1e-13 });
      }
      const probed = line.probe(0.3).value;
      expect(line.advance(0.3, gradient)).toBe(probed);
      objective(
        Float64Array.from(theta, (entry, index) => entry + 0.3 * direction[index]!),
        expected,
      );
      gradient.forEach((entry, index) => expectClose(entry, expected[index]!, { relative: 1e-12, absolute: 1e-14 }));
    },
  );

  it('is chosen while three copies of the rows fit in the memory allowed', () => {
    const rows = LINE_SEARCH_BYTES / (3 * 8 * 1000);
    expect(searchesOnScores(rows, 1000)).toBe(true);
    expect(searchesOnScores(rows + 1, 1000)).toBe(false);
  });
});

describe('linearSoftmaxProbabilities', () => {
  it.each(['vector', 'matrix'] as const)('gives softmax(x) at the identity map (%s)', (map) => {
    const { problem } = problemOf(map, 21, 5, 9);
    const probabilities = linearSoftmaxProbabilities(map, identityParameters(map, 5), problem.inputs, 21, 5);
    for (let row = 0; row < 21; row += 1) {
      const x = Array.from(problem.inputs.subarray(row * 5, row * 5 + 5));
      const top = Math.max(...x);
      const sum = x.reduce((total, value) => total + Math.exp(value - top), 0);
      for (let k = 0; k < 5; k += 1) {
        expectClose(probabilities[row * 5 + k]!, Math.exp(x[k]! - top) / sum, { relative: 1e-14, absolute: 1e-16 });
      }
    }
  });

  it.each(['vector', 'matrix'] as const)('gives the probabilities whose NLL the objective measures (%s)', (map) => {
    const { problem, theta } = problemOf(map, 33, 6, 4);
    const probabilities = linearSoftmaxProbabilities(map, theta, problem.inputs, 33, 6);
    const nll =
      problem.labels.reduce((sum, label, row) => sum - Math.log(probabilities[row * 6 + label]!), 0) / problem.rows;
    expectClose(linearSoftmaxObjective(problem)(theta, new Float64Array(theta.length)), nll, {
      relative: 1e-12,
      absolute: 0,
    });
    expect(Array.from(problem.inputs)).toEqual(Array.from(problemOf(map, 33, 6, 4).problem.inputs));
  });
});

describe('linearSoftmaxHessian', () => {
  it.each([
    ['vector', 23, 3, 0, 0],
    ['matrix', 23, 3, 0, 0],
    ['matrix', 19, 4, 0.8, 0.4],
  ] as const)(
    '%s map, %s rows × %s classes, λ = %s, μ = %s: central differences of the gradient',
    (map, rows, classes, offDiagonal, intercept) => {
      const { problem, theta } = problemOf(map, rows, classes, 3 * rows + classes, offDiagonal, intercept);
      const objective = linearSoftmaxObjective(problem);
      const n = theta.length;
      const hessian = new Float64Array(n * n);
      linearSoftmaxHessian(problem)(theta, hessian);
      const plus = new Float64Array(n);
      const minus = new Float64Array(n);
      const h = 1e-6;
      for (let column = 0; column < n; column += 1) {
        const shifted = Float64Array.from(theta);
        shifted[column] = theta[column]! + h;
        objective(shifted, plus);
        shifted[column] = theta[column]! - h;
        objective(shifted, minus);
        for (let row = 0; row < n; row += 1) {
          expectClose(hessian[row * n + column]!, (plus[row]! - minus[row]!) / (2 * h), {
            relative: 1e-5,
            absolute: 1e-8,
          });
        }
      }
    },
  );
});
