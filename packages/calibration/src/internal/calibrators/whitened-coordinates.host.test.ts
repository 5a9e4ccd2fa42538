import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { minimizeLbfgs } from './lbfgs';
import { identityParameters, linearSoftmaxLine, linearSoftmaxObjective } from './linear-softmax-objective';
import { logProbabilityRows } from './row-transforms';
import { whitenedCoordinates } from './whitened-coordinates';

/** Over-confident logits (N(0, 2²) plus 6 on the label for 60 % of the rows, on a random class otherwise). */
function overConfident(rows: number, classes: number, seed: number) {
  const random = new RandomSource(seed);
  const values: number[][] = [];
  const labels: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const label = random.int(classes);
    const favoured = random.uniform() < 0.6 ? label : random.int(classes);
    values.push(Array.from({ length: classes }, (_, k) => 2 * random.normal() + (k === favoured ? 6 : 0)));
    labels.push(label);
  }
  return readLabelledInput({ logits: values }, labels, 'fitCalibrator', 1e-3);
}

function problemOf(rows: ReturnType<typeof overConfident>, offDiagonal = 0, intercept = 0) {
  return {
    map: 'matrix' as const,
    inputs: logProbabilityRows(rows),
    labels: rows.labels,
    rows: rows.rows,
    classes: rows.classes,
    offDiagonal,
    intercept,
  };
}

function randomTheta(length: number, seed: number): Float64Array {
  const random = new RandomSource(seed);
  return Float64Array.from({ length }, () => random.normal());
}

describe('whitenedCoordinates', () => {
  const rows = overConfident(300, 5, 1);
  const problem = problemOf(rows, 0.3, 0.2);
  const coordinates = whitenedCoordinates(problem.inputs, problem.rows, problem.classes);
  if (coordinates === undefined) throw new Error('finite rows have whitened coordinates');
  const n = 5 * 5 + 5;

  it('maps parameters there and back', () => {
    const theta = randomTheta(n, 2);
    const back = coordinates.fromWhitened(coordinates.toWhitened(theta));
    back.forEach((value, index) => expectClose(value, theta[index] as number, { relative: 1e-12, absolute: 1e-12 }));
  });

  it('keeps the objective and gives its gradient in whitened coordinates, and its (W, b) norm', () => {
    const objective = linearSoftmaxObjective(problem);
    const wrapped = coordinates.wrap(objective);
    const theta = randomTheta(n, 3);
    const whitened = coordinates.toWhitened(theta);
    const gradient = new Float64Array(n);
    const whitenedGradient = new Float64Array(n);
    const value = objective(theta, gradient);
    expectClose(wrapped(whitened, whitenedGradient), value, { relative: 1e-12 });
    expect(coordinates.gradientNorm(whitenedGradient)).toBeCloseTo(Math.max(...gradient.map(Math.abs)), 12);
    const h = 1e-6;
    for (let index = 0; index < n; index += 1) {
      const plus = Float64Array.from(whitened);
      const minus = Float64Array.from(whitened);
      plus[index] = (plus[index] as number) + h;
      minus[index] = (minus[index] as number) - h;
      const scratch = new Float64Array(n);
      const difference = (wrapped(plus, scratch) - wrapped(minus, scratch)) / (2 * h);
      expectClose(whitenedGradient[index] as number, difference, { relative: 1e-6, absolute: 1e-8 });
    }
  });

  it('follows whitened lines as lines in (W, b), with the gradient of the wrapped objective', () => {
    const wrapped = coordinates.wrap(linearSoftmaxObjective(problem));
    const line = coordinates.wrapLine(linearSoftmaxLine(problem));
    const whitened = coordinates.toWhitened(randomTheta(n, 4));
    const direction = randomTheta(n, 5).map((entry) => entry * 0.1);
    const gradient = new Float64Array(n);
    const expected = new Float64Array(n);
    expectClose(line.start(whitened, gradient), wrapped(whitened, expected), { relative: 1e-12 });
    gradient.forEach((entry, index) =>
      expectClose(entry, expected[index] as number, { relative: 1e-10, absolute: 1e-12 }),
    );
    line.setDirection(direction);
    const point = whitened.map((entry, index) => entry + 0.7 * (direction[index] as number));
    const value = wrapped(point, expected);
    const slope = expected.reduce((sum, entry, index) => sum + entry * (direction[index] as number), 0);
    const probed = line.probe(0.7);
    expectClose(probed.value, value, { relative: 1e-12 });
    expectClose(probed.slope, slope, { relative: 1e-9, absolute: 1e-12 });
    expect(line.advance(0.7, gradient)).toBe(probed.value);
    gradient.forEach((entry, index) =>
      expectClose(entry, expected[index] as number, { relative: 1e-10, absolute: 1e-12 }),
    );
  });

  it('lets L-BFGS fit Dirichlet calibration in a fraction of the iterations it takes in (W, b)', () => {
    const many = overConfident(2000, 20, 4);
    const fitProblem = problemOf(many);
    const objective = linearSoftmaxObjective(fitProblem);
    const start = identityParameters('matrix', 20);
    const whitenedCoordinatesOfFit = whitenedCoordinates(fitProblem.inputs, fitProblem.rows, fitProblem.classes);
    if (whitenedCoordinatesOfFit === undefined) throw new Error('finite rows have whitened coordinates');
    const options = { maxIterations: 2000, tolerance: 1e-8 };
    const plain = minimizeLbfgs(objective, start, options);
    const whitened = minimizeLbfgs(
      whitenedCoordinatesOfFit.wrap(objective),
      whitenedCoordinatesOfFit.toWhitened(start),
      {
        ...options,
        gradientNorm: whitenedCoordinatesOfFit.gradientNorm,
      },
    );
    expect(whitened.converged).toBe(true);
    expect(whitened.iterations * 4).toBeLessThan(plain.iterations);
    expectClose(whitened.value, plain.value, { relative: 1e-9 });
  });

  it('is undefined where the covariance overflows float64', () => {
    expect(whitenedCoordinates(Float64Array.of(1e300, -1e300, -1e300, 1e300), 2, 2)).toBeUndefined();
  });
});
