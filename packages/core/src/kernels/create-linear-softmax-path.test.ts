import { afterAll, describe, expect, it, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { RandomSource } from '../random/random-source';
import { relativeError } from '../test-support/linear-softmax-cases';
import { linearSoftmaxReference } from '../test-support/linear-softmax-reference';
import { createLinearSoftmaxNll } from './create-linear-softmax-nll';
import { createLinearSoftmaxPath } from './create-linear-softmax-path';
import { KernelWorker } from './internal/kernel-threads';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';

const random = new RandomSource(20261204);

interface Line {
  inputs: Float64Array;
  labels: Int32Array;
  rows: number;
  classes: number;
  theta: Float64Array;
  direction: Float64Array;
}

/** Rows of spread `scale`, a map near the identity and a direction of entries of size `along`. */
function line(rows: number, classes: number, scale = 3, along = 0.3): Line {
  const inputs = Float64Array.from({ length: rows * classes }, () => random.normal() * scale);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const parameters = classes * classes + classes;
  const theta = Float64Array.from(
    { length: parameters },
    (_, index) => (index < classes * classes && index % (classes + 1) === 0 ? 1 : 0) + random.normal() * 0.1,
  );
  const direction = Float64Array.from({ length: parameters }, () => random.normal() * along);
  return { inputs, labels, rows, classes, theta, direction };
}

function moved(theta: Float64Array, direction: Float64Array, step: number): Float64Array {
  return theta.map((entry, index) => entry + step * (direction[index] as number));
}

function dot(a: Float64Array, b: Float64Array): number {
  return a.reduce((sum, entry, index) => sum + entry * (b[index] as number), 0);
}

function pathOf({ inputs, labels, rows, classes }: Line): ReturnType<typeof createLinearSoftmaxPath> {
  return createLinearSoftmaxPath({ inputs, rows, classes, labels });
}

afterAll(() => {
  setKernelThreads('auto');
});

describe('createLinearSoftmaxPath', () => {
  // Class counts around the register tiles and the 256-column panels; row counts around the 4-row tiles and the
  // 128-row chunks.
  it.each([
    [1, 1],
    [3, 2],
    [5, 3],
    [4, 7],
    [13, 9],
    [129, 31],
    [6, 255],
    [5, 257],
    [300, 40],
  ])('follows lines with the reference NLL, slope and gradient at %i rows × %i classes', (rows, classes) => {
    const data = line(rows, classes);
    const path = pathOf(data);
    const gradient = new Float64Array(data.theta.length);
    const start = linearSoftmaxReference(data.inputs, data.labels, rows, classes, data.theta);
    const tolerance = 1e-12 * Math.max(1, start.value);
    expect(Math.abs(path.start(data.theta, gradient) - start.value)).toBeLessThanOrEqual(tolerance);
    expect(relativeError(gradient, start.gradient)).toBeLessThan(1e-12);
    path.setDirection(data.direction);
    for (const step of [0, 0.25, 1, -0.5, 3]) {
      const expected = linearSoftmaxReference(
        data.inputs,
        data.labels,
        rows,
        classes,
        moved(data.theta, data.direction, step),
      );
      const { value, slope } = path.probe(step);
      expect(Math.abs(value - expected.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected.value));
      const expectedSlope = dot(expected.gradient, data.direction);
      expect(Math.abs(slope - expectedSlope)).toBeLessThanOrEqual(
        1e-11 * Math.max(1, Math.abs(expectedSlope), expected.value),
      );
    }
    // A move to θ + 0.5·d, then a second line from there.
    const probed = path.probe(0.5).value;
    expect(path.advance(0.5, gradient)).toBe(probed);
    const here = moved(data.theta, data.direction, 0.5);
    expect(
      relativeError(gradient, linearSoftmaxReference(data.inputs, data.labels, rows, classes, here).gradient),
    ).toBeLessThan(1e-12);
    const second = line(0, classes).direction;
    path.setDirection(second);
    const there = linearSoftmaxReference(data.inputs, data.labels, rows, classes, moved(here, second, 2));
    expect(Math.abs(path.probe(2).value - there.value)).toBeLessThanOrEqual(1e-12 * Math.max(1, there.value));
  });

  it('has the slope of its values (central differences) and probes that change nothing', () => {
    const data = line(37, 5);
    const path = pathOf(data);
    path.start(data.theta, new Float64Array(data.theta.length));
    path.setDirection(data.direction);
    const h = 1e-5;
    const numeric = (path.probe(0.7 + h).value - path.probe(0.7 - h).value) / (2 * h);
    expect(Math.abs(path.probe(0.7).slope - numeric)).toBeLessThan(1e-6);
    expect(path.probe(0.7)).toEqual(path.probe(0.7));
  });

  it('agrees with createLinearSoftmaxNll at every point it moves to, after many moves', () => {
    const data = line(64, 12);
    const path = pathOf(data);
    const nll = createLinearSoftmaxNll({ inputs: data.inputs, rows: 64, classes: 12, labels: data.labels });
    const gradient = new Float64Array(data.theta.length);
    const expected = new Float64Array(data.theta.length);
    let theta: Float64Array = Float64Array.from(data.theta);
    path.start(theta, gradient);
    for (let move = 0; move < 40; move += 1) {
      const direction = line(0, 12, 1, 0.05).direction;
      path.setDirection(direction);
      const value = path.advance(0.5, gradient);
      theta = moved(theta, direction, 0.5);
      const reference = nll(theta, expected);
      expect(Math.abs(value - reference)).toBeLessThanOrEqual(1e-11 * reference);
      expect(relativeError(gradient, expected)).toBeLessThan(1e-11);
    }
  });

  it('splits large data over the kernel threads and agrees with one thread', async () => {
    const classes = 300;
    const rows = Math.ceil(THREAD_THRESHOLD / classes) + 77;
    const data = line(rows, classes, 2, 0.02);
    const walk = (): { start: number; probe: number; slope: number; advance: number; gradient: Float64Array } => {
      const path = pathOf(data);
      const gradient = new Float64Array(data.theta.length);
      const start = path.start(data.theta, gradient);
      path.setDirection(data.direction);
      const { value: probe, slope } = path.probe(0.8);
      return { start, probe, slope, advance: path.advance(0.8, gradient), gradient };
    };
    setKernelThreads(1);
    const single = walk();
    setKernelThreads(2);
    expect(await startKernelThreads()).toBe(2);
    const posted = vi.spyOn(KernelWorker.prototype, 'post');
    const threaded = walk();
    expect(new Set(posted.mock.calls.map(([kernel]) => kernel))).toEqual(
      new Set(['linearScoreRows', 'softmaxAdvanceRows', 'softmaxLineRows']),
    );
    posted.mockRestore();
    for (const key of ['start', 'probe', 'advance'] as const) {
      expect(Math.abs(threaded[key] - single[key])).toBeLessThanOrEqual(1e-12 * single[key]);
    }
    expect(Math.abs(threaded.slope - single.slope)).toBeLessThanOrEqual(1e-12 * single.probe);
    expect(relativeError(threaded.gradient, single.gradient)).toBeLessThan(1e-12);
    const expected = linearSoftmaxReference(
      data.inputs,
      data.labels,
      rows,
      classes,
      moved(data.theta, data.direction, 0.8),
    );
    expect(Math.abs(threaded.advance - expected.value)).toBeLessThanOrEqual(1e-12 * expected.value);
  });

  it('rejects bad data, parameters and steps with typed errors naming the argument, and calls out of order', () => {
    const data = line(4, 3);
    const { inputs, labels, theta, direction } = data;
    expect(() => createLinearSoftmaxPath({ inputs: new Float64Array(11), rows: 4, classes: 3, labels })).toThrow(
      ShapeMismatchError,
    );
    expect(() =>
      createLinearSoftmaxPath({ inputs, rows: 4, classes: 3, labels: new Int32Array([0, 1, 3, 0]) }),
    ).toThrow(/options\.labels/);
    const path = pathOf(data);
    const gradient = new Float64Array(12);
    expect(() => path.probe(1)).toThrow(InvalidArgumentError);
    expect(() => path.start(new Float64Array(11), gradient)).toThrow(/theta/);
    path.start(theta, gradient);
    expect(() => path.advance(1, gradient)).toThrow(/setDirection/);
    expect(() => path.setDirection(new Float64Array(13))).toThrow(/direction/);
    path.setDirection(direction);
    expect(() => path.probe(Number.NaN)).toThrow(/step/);
    expect(() => path.advance(1, new Float64Array(3))).toThrow(/gradient/);
    // A rejected move leaves the path where it was.
    const before = path.probe(1);
    expect(path.probe(1)).toEqual(before);
    expect(path.advance(1, gradient)).toBe(before.value);
  });
});
