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

/** One case: a shape, the spread of the rows and of the map's noise, and a seed for the values. */
interface LinearSoftmaxCase {
  rows: number;
  classes: number;
  scale: number;
  noise: number;
  seed: number;
}

const linearSoftmaxCase: fc.Arbitrary<LinearSoftmaxCase> = fc
  .record({
    shape: linearSoftmaxShape,
    scale: fc.constantFrom(1e-3, 1, 30, 300),
    noise: fc.constantFrom(0, 0.1, 2),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
  })
  .map(({ shape: dimensions, ...rest }) => ({ ...dimensions, ...rest }));

function check({ rows, classes, scale, noise, seed }: LinearSoftmaxCase): void {
  const { inputs, labels, theta } = linearSoftmaxProblem(new RandomSource(seed), { rows, classes, scale, noise });
  const nll = createLinearSoftmaxNll({ inputs, rows, classes, labels });
  const gradient = new Float64Array(theta.length);
  const value = nll(theta, gradient);
  const again = new Float64Array(theta.length);
  if (!Object.is(nll(theta, again), value) || again.some((entry, index) => !Object.is(entry, gradient[index]))) {
    throw new Error('a second evaluation at the same θ differs from the first');
  }
  const expected = linearSoftmaxReference(inputs, labels, rows, classes, theta);
  // The scores reach |W x| ≈ scale·(1 + noise·√K): rounding in them, not in the kernel, bounds the agreement.
  const size = Math.max(1, scale * (1 + noise * Math.sqrt(classes)));
  const tolerance = 1e-13 * size * Math.max(1, rows) * Math.sqrt(classes);
  if (!(Math.abs(value - expected.value) <= tolerance)) {
    throw new Error(`value ${value} against the reference's ${expected.value}`);
  }
  expectReferenceGradient(gradient, expected.gradient, { rows, classes, scale, size });
}

definePropertySuite({
  name: 'createLinearSoftmaxNll against the float64 reference',
  properties: [
    {
      name: 'gives the reference NLL and gradient on any shape, spread and map, the same on every evaluation',
      arbitrary: linearSoftmaxCase,
      check,
      runs: 150,
    },
  ],
});
