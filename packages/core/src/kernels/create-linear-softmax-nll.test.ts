import { afterAll, describe, expect, it, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { relativeError } from '../test-support/linear-softmax-cases';
import { linearSoftmaxReference } from '../test-support/linear-softmax-reference';
import { createLinearSoftmaxNll, type LinearSoftmaxNll } from './create-linear-softmax-nll';
import { KernelWorker } from './internal/kernel-threads';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';

const random = new RandomSource(20261203);

interface Problem {
  inputs: Float64Array;
  labels: Int32Array;
  rows: number;
  classes: number;
  theta: Float64Array;
}

/** Rows of spread `scale` and a map near the identity (W = I + noise, small b). */
function problem(rows: number, classes: number, scale = 3): Problem {
  const inputs = Float64Array.from({ length: rows * classes }, () => random.normal() * scale);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const theta = Float64Array.from(
    { length: classes * classes + classes },
    (_, index) => (index < classes * classes && index % (classes + 1) === 0 ? 1 : 0) + random.normal() * 0.1,
  );
  return { inputs, labels, rows, classes, theta };
}

function objectiveOf({ inputs, labels, rows, classes }: Problem): LinearSoftmaxNll {
  return createLinearSoftmaxNll({ inputs, rows, classes, labels });
}

function evaluate(data: Problem): { value: number; gradient: Float64Array } {
  const gradient = new Float64Array(data.theta.length).fill(Number.NaN);
  const value = objectiveOf(data)(data.theta, gradient);
  return { value, gradient };
}

afterAll(() => {
  setKernelThreads('auto');
});

describe('createLinearSoftmaxNll', () => {
  // Class counts around the register tiles (2 classes, 8 columns, pairs of columns) and the 256-column panels; row
  // counts around the 4-row tiles and the 128-row chunks.
  it.each([
    [1, 1],
    [3, 2],
    [5, 3],
    [4, 7],
    [9, 8],
    [13, 9],
    [127, 16],
    [128, 17],
    [129, 31],
    [6, 255],
    [7, 256],
    [5, 257],
    [3, 258],
    [300, 40],
  ])('matches the float64 reference at %i rows × %i classes', (rows, classes) => {
    const data = problem(rows, classes);
    const expected = linearSoftmaxReference(data.inputs, data.labels, rows, classes, data.theta);
    const actual = evaluate(data);
    expect(Math.abs(actual.value - expected.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected.value));
    expect(relativeError(actual.gradient, expected.gradient)).toBeLessThan(1e-12);
  });

  it('gives 0 and a zero gradient for no rows', () => {
    const result = evaluate({ ...problem(0, 4), inputs: new Float64Array(0), labels: new Int32Array(0) });
    expect(result.value).toBe(0);
    expect([...result.gradient]).toEqual(new Array(20).fill(0));
  });

  it('has the gradient of its value (central differences)', () => {
    const data = problem(37, 5);
    const { gradient } = evaluate(data);
    const nll = objectiveOf(data);
    const scratch = new Float64Array(data.theta.length);
    for (let index = 0; index < data.theta.length; index += 1) {
      const step = 1e-5;
      const plus = Float64Array.from(data.theta);
      const minus = Float64Array.from(data.theta);
      plus[index] = (plus[index] as number) + step;
      minus[index] = (minus[index] as number) - step;
      const numeric = (nll(plus, scratch) - nll(minus, scratch)) / (2 * step);
      expect(Math.abs((gradient[index] as number) - numeric)).toBeLessThan(1e-6);
    }
  });

  it('keeps the tiny losses and exact residuals of saturated rows', () => {
    // Gaps of 40 and 800 between the label's score and the rest: p_label is 1 in float64, the loss is e^-gap·(K−1).
    const inputs = new Float64Array([40, 0, 0, 800, 0, 0]);
    const data = { inputs, labels: new Int32Array([0, 0]), rows: 2, classes: 3, theta: problem(0, 3).theta.fill(0) };
    for (let k = 0; k < 3; k += 1) data.theta[k * 3 + k] = 1;
    const { value, gradient } = evaluate(data);
    expect(value).toBeCloseTo(2 * Math.exp(-40), 30);
    expect(value / (2 * Math.exp(-40))).toBeCloseTo(1, 12);
    // ∂/∂b_0 = Σ (p_0 − 1) = −2e^-40 from the first row (the second row's e^-800 underflows to 0).
    expect((gradient[9] as number) / (-2 * Math.exp(-40))).toBeCloseTo(1, 12);
  });

  it('splits large data over the kernel threads and agrees with one thread', async () => {
    const classes = 300;
    const rows = Math.ceil(THREAD_THRESHOLD / classes) + 77;
    const data = problem(rows, classes, 2);
    setKernelThreads(1);
    const single = evaluate(data);
    setKernelThreads(2);
    expect(await startKernelThreads()).toBe(2);
    const posted = vi.spyOn(KernelWorker.prototype, 'post');
    const threaded = evaluate(data);
    expect(posted.mock.calls.map(([kernel]) => kernel)).toEqual(['linearSoftmaxRows']);
    posted.mockRestore();
    expect(Math.abs(threaded.value - single.value)).toBeLessThanOrEqual(1e-12 * single.value);
    expect(relativeError(threaded.gradient, single.gradient)).toBeLessThan(1e-12);
    const expected = linearSoftmaxReference(data.inputs, data.labels, rows, classes, data.theta);
    expect(Math.abs(threaded.value - expected.value)).toBeLessThanOrEqual(1e-12 * expected.value);
  });

  it("copies the rows: later changes to the caller's arrays are not seen", () => {
    const data = problem(20, 6);
    const nll = objectiveOf(data);
    const gradient = new Float64Array(data.theta.length);
    const before = nll(data.theta, gradient);
    data.inputs.fill(0);
    expect(nll(data.theta, gradient)).toBe(before);
  });

  it('rejects bad data and parameters with typed errors naming the argument', () => {
    const { inputs, labels, theta } = problem(4, 3);
    expect(() =>
      createLinearSoftmaxNll({ inputs: new Float32Array(12) as never, rows: 4, classes: 3, labels }),
    ).toThrow(InvalidArgumentError);
    expect(() => createLinearSoftmaxNll({ inputs: new Float64Array(11), rows: 4, classes: 3, labels })).toThrow(
      ShapeMismatchError,
    );
    const nonFinite = Float64Array.from(inputs);
    nonFinite[5] = Number.NaN;
    expect(() => createLinearSoftmaxNll({ inputs: nonFinite, rows: 4, classes: 3, labels })).toThrow(/options\.inputs/);
    expect(() => createLinearSoftmaxNll({ inputs, rows: 4, classes: 3, labels: new Int32Array([0, 1, 3, 0]) })).toThrow(
      /options\.labels/,
    );
    expect(() => createLinearSoftmaxNll({ inputs, rows: 4, classes: 3, labels, extra: 1 } as never)).toThrow(
      /createLinearSoftmaxNll/,
    );
    const nll = createLinearSoftmaxNll({ inputs, rows: 4, classes: 3, labels });
    expect(() => nll(new Float64Array(11), new Float64Array(12))).toThrow(/theta/);
    expect(() => nll(theta, new Float64Array(11))).toThrow(/gradient/);
    expect(nll(theta, new Float64Array(12))).toBeGreaterThan(0);
  });
});
