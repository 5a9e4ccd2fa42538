import { definePropertySuite } from '@softlabels/test-utils';
import fc from 'fast-check';

import { RandomSource } from '../random/random-source';
import {
  expectReferenceGradient,
  linearSoftmaxProblem,
  linearSoftmaxShape,
} from '../test-support/linear-softmax-cases';
import { linearSoftmaxReference } from '../test-support/linear-softmax-reference';
import { createLinearSoftmaxNll } from './create-linear-softmax-nll';
import { createLinearSoftmaxPath } from './create-linear-softmax-path';

/** One case: a shape, the spread of the rows, of the map's noise and of the direction, a step and a seed. */
interface PathCase {
  rows: number;
  classes: number;
  scale: number;
  noise: number;
  along: number;
  step: number;
  seed: number;
}

const pathCase: fc.Arbitrary<PathCase> = fc
  .record({
    shape: linearSoftmaxShape,
    scale: fc.constantFrom(1e-3, 1, 30, 300),
    noise: fc.constantFrom(0, 0.1, 2),
    along: fc.constantFrom(1e-6, 0.1, 1),
    step: fc.double({ min: -4, max: 4, noNaN: true }),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
  })
  .map(({ shape: dimensions, ...rest }) => ({ ...dimensions, ...rest }));

function check({ rows, classes, scale, noise, along, step, seed }: PathCase): void {
  const random = new RandomSource(seed);
  const { inputs, labels, theta } = linearSoftmaxProblem(random, { rows, classes, scale, noise });
  const parameters = theta.length;
  const direction = Float64Array.from({ length: parameters }, () => random.normal() * along);
  const path = createLinearSoftmaxPath({ inputs, rows, classes, labels });
  const gradient = new Float64Array(parameters);
  const started = path.start(theta, gradient);
  const plain = new Float64Array(parameters);
  if (!Object.is(started, createLinearSoftmaxNll({ inputs, rows, classes, labels })(theta, plain))) {
    throw new Error('the value at the start differs from createLinearSoftmaxNll');
  }
  if (gradient.some((entry, index) => !Object.is(entry, plain[index]))) {
    throw new Error('the gradient at the start differs from createLinearSoftmaxNll');
  }
  path.setDirection(direction);
  const { value, slope } = path.probe(step);
  const target = theta.map((entry, index) => entry + step * (direction[index] as number));
  const expected = linearSoftmaxReference(inputs, labels, rows, classes, target);
  // As for createLinearSoftmaxNll: the scores' size bounds the rounding, here with the direction's part added.
  const size = Math.max(1, (scale + 1) * (1 + (noise + Math.abs(step) * along) * Math.sqrt(classes)));
  const tolerance = 1e-13 * size * Math.max(1, rows) * Math.sqrt(classes);
  if (!(Math.abs(value - expected.value) <= tolerance)) {
    throw new Error(`value ${value} against the reference's ${expected.value}`);
  }
  const expectedSlope = expected.gradient.reduce((sum, entry, index) => sum + entry * (direction[index] as number), 0);
  const slopeTolerance = tolerance * along * Math.sqrt(parameters) * Math.max(1, scale);
  if (!(Math.abs(slope - expectedSlope) <= slopeTolerance)) {
    throw new Error(`slope ${slope} against the reference's ${expectedSlope}`);
  }
  if (!Object.is(path.advance(step, gradient), value)) throw new Error('advance(step) differs from probe(step)');
  expectReferenceGradient(gradient, expected.gradient, { rows, classes, scale, size });
}

definePropertySuite({
  name: 'createLinearSoftmaxPath against the float64 reference',
  properties: [
    {
      name: 'starts as createLinearSoftmaxNll, probes and moves to the reference NLL, slope and gradient on any line',
      arbitrary: pathCase,
      check,
      runs: 150,
    },
  ],
});
