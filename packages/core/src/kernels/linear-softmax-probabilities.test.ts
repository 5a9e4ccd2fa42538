import { afterAll, describe, expect, it, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { KernelWorker } from './internal/kernel-threads';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { linearSoftmaxProbabilities } from './linear-softmax-probabilities';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';

const random = new RandomSource(31203);

function problem(rows: number, classes: number): { inputs: Float64Array; theta: Float64Array } {
  return {
    inputs: Float64Array.from({ length: rows * classes }, () => random.normal() * 3),
    theta: Float64Array.from(
      { length: classes * classes + classes },
      (_, index) => (index < classes * classes && index % (classes + 1) === 0 ? 1 : 0) + random.normal() * 0.2,
    ),
  };
}

/** softmax(W x + b) row by row, straight from the definition. */
function reference(inputs: Float64Array, theta: Float64Array, rows: number, classes: number): Float64Array {
  const out = new Float64Array(rows * classes);
  for (let n = 0; n < rows; n += 1) {
    const scores = Array.from({ length: classes }, (_, i) => {
      let score = theta[classes * classes + i] as number;
      for (let j = 0; j < classes; j += 1)
        score += (theta[i * classes + j] as number) * (inputs[n * classes + j] as number);
      return score;
    });
    const top = Math.max(...scores);
    const sum = scores.reduce((total, score) => total + Math.exp(score - top), 0);
    scores.forEach((score, i) => {
      out[n * classes + i] = Math.exp(score - top) / sum;
    });
  }
  return out;
}

function largestDifference(a: Float64Array, b: Float64Array): number {
  return a.reduce((worst, value, index) => Math.max(worst, Math.abs(value - (b[index] as number))), 0);
}

afterAll(() => {
  setKernelThreads('auto');
});

describe('linearSoftmaxProbabilities', () => {
  it.each([
    [1, 1],
    [3, 2],
    [5, 7],
    [129, 9],
    [7, 257],
    [0, 4],
  ])('matches the float64 reference at %i rows × %i classes', (rows, classes) => {
    const { inputs, theta } = problem(rows, classes);
    const actual = linearSoftmaxProbabilities({ inputs, rows, classes, theta });
    expect(actual).toHaveLength(rows * classes);
    expect(largestDifference(actual, reference(inputs, theta, rows, classes))).toBeLessThan(1e-14);
  });

  it('splits large inputs over the kernel threads with the same result', async () => {
    const classes = 200;
    const rows = Math.ceil(THREAD_THRESHOLD / classes) + 31;
    const { inputs, theta } = problem(rows, classes);
    setKernelThreads(1);
    const single = linearSoftmaxProbabilities({ inputs, rows, classes, theta });
    setKernelThreads(2);
    expect(await startKernelThreads()).toBe(2);
    const posted = vi.spyOn(KernelWorker.prototype, 'post');
    const threaded = linearSoftmaxProbabilities({ inputs, rows, classes, theta });
    expect(posted).toHaveBeenCalled();
    posted.mockRestore();
    expect(largestDifference(threaded, single)).toBe(0);
  });

  it('rejects bad options with typed errors naming the argument', () => {
    const { inputs, theta } = problem(2, 3);
    expect(() => linearSoftmaxProbabilities({ inputs, rows: 2, classes: 3, theta: new Float64Array(11) })).toThrow(
      ShapeMismatchError,
    );
    expect(() =>
      linearSoftmaxProbabilities({ inputs: new Float32Array(6) as never, rows: 2, classes: 3, theta }),
    ).toThrow(InvalidArgumentError);
    const bad = Float64Array.from(theta);
    bad[3] = Number.POSITIVE_INFINITY;
    expect(() => linearSoftmaxProbabilities({ inputs, rows: 2, classes: 3, theta: bad })).toThrow(/options\.theta/);
  });
});
