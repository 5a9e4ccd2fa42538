import { expectClose, expectIdentical } from '@softlabels/test-utils';
import { afterAll, afterEach, describe, expect, it, type MockInstance, vi } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { RandomSource } from '../random/random-source';
import { calibrationStatistics } from './calibration-statistics';
import { createTemperatureNll } from './create-temperature-nll';
import { ReservedArena } from './internal/kernel-arena';
import { createOwnKernels } from './internal/kernel-instance';
import { currentPool, KernelWorker } from './internal/kernel-threads';
import { THREAD_THRESHOLD } from './internal/run-kernel';
import { lsceForwardBackward } from './lsce-forward-backward';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { temperatureNll } from './temperature-nll';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 32026;
const random = new RandomSource(seed);

/** Runs `compute` on one thread and then on `threads` (workers started and ready first). */
async function singleAndThreaded<T>(
  threads: number,
  compute: () => T,
): Promise<{ single: T; threaded: T; ready: number }> {
  setKernelThreads(1);
  const single = compute();
  setKernelThreads(threads);
  const ready = await startKernelThreads();
  return { single, threaded: compute(), ready };
}

function randomRows(rows: number, classes: number, scale: number): Float32Array {
  return Float32Array.from({ length: rows * classes }, () => random.normal() * scale);
}

afterAll(() => {
  setKernelThreads('auto');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** A spy on the posting of blocks to worker threads: its call count is the number of worker blocks. */
function spyOnWorkerBlocks(): MockInstance<KernelWorker['post']> {
  return vi.spyOn(KernelWorker.prototype, 'post');
}

describe(`the row kernels on worker threads give what one thread gives (seed ${seed})`, () => {
  // Above the threshold, with a row count that does not split evenly.
  const rows = Math.ceil(THREAD_THRESHOLD / 997) + 3;
  const classes = 997;

  it.each([2, 3])('label-smoothed CE with index targets, weights and ignored rows on %i threads', async (threads) => {
    const logits = randomRows(rows, classes, 4);
    const labels = Int32Array.from({ length: rows }, (_, row) => (row % 17 === 0 ? -100 : random.int(classes)));
    const classWeights = Float32Array.from({ length: classes }, () => 0.5 + random.uniform());
    const compute = () =>
      lsceForwardBackward({
        logits,
        rows,
        classes,
        labels,
        epsilon: 0.1,
        classWeights,
        ignoreIndex: -100,
        reduction: 'mean',
      });
    const { single, threaded, ready } = await singleAndThreaded(threads, compute);
    expect(ready).toBe(threads);
    expectIdentical(threaded.loss, single.loss);
    expectIdentical(threaded.gradient, single.gradient);
    expect(threaded.reduced).toBe(single.reduced);
  });

  it('label-smoothed CE with probability targets on 2 threads', async () => {
    const logits = randomRows(rows, classes, 3);
    const targets = new Float32Array(rows * classes);
    for (let row = 0; row < rows; row += 1) targets[row * classes + random.int(classes)] = 1;
    const compute = () => lsceForwardBackward({ logits, rows, classes, targets, epsilon: 0.2, reduction: 'sum' });
    const { single, threaded } = await singleAndThreaded(2, compute);
    expectIdentical(threaded.loss, single.loss);
    expectIdentical(threaded.gradient, single.gradient);
  });

  it.each([2, 3])('calibration statistics from logits on %i threads', async (threads) => {
    const logits = randomRows(rows, classes, 5);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const { single, threaded } = await singleAndThreaded(threads, () =>
      calibrationStatistics({ logits, rows, classes, labels }),
    );
    for (const key of ['confidence', 'predicted', 'logSumExp', 'nll', 'binCounts', 'binCorrectCounts'] as const) {
      expectIdentical(threaded[key], single[key]);
    }
    // Float64 sums over rows, added in blocks: equal up to rounding.
    expectClose(threaded.binConfidenceSums, single.binConfidenceSums, { relative: 1e-13, absolute: 1e-13 });
  });

  it('temperature NLL and its derivatives on 2 threads', async () => {
    const logits = randomRows(rows, classes, 4);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const compute = () => temperatureNll({ logits, rows, classes, labels, logTemperature: 0.3 });
    const { single, threaded } = await singleAndThreaded(2, compute);
    expectClose(
      [threaded.value, threaded.derivative, threaded.secondDerivative],
      [single.value, single.derivative, single.secondDerivative],
      { relative: 1e-12, absolute: 1e-12 },
    );
  });

  it('a temperature objective keeps large data in the threads’ memory and splits each pass over them', async () => {
    const logits = randomRows(rows, classes, 4);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const evaluate = () => {
      const objective = createTemperatureNll({ logits, rows, classes, labels });
      return [0.3, -0.2].flatMap((logTemperature) => Object.values(objective(logTemperature)));
    };
    const { single, threaded } = await singleAndThreaded(2, () => {
      const posts = spyOnWorkerBlocks();
      const values = evaluate();
      const workerBlocks = posts.mock.calls.length;
      posts.mockRestore();
      return { values, workerBlocks };
    });
    expect(single.workerBlocks).toBe(0);
    expect(threaded.workerBlocks).toBe(2);
    expectClose(threaded.values, single.values, { relative: 1e-12, absolute: 1e-12 });
  });

  it('names a non-finite logit found by a worker (row in the last block)', async () => {
    const logits = randomRows(rows, classes, 2);
    const labels = new Int32Array(rows);
    logits[(rows - 2) * classes + 5] = Number.NEGATIVE_INFINITY;
    setKernelThreads(2);
    await startKernelThreads();
    expect(() => calibrationStatistics({ logits, rows, classes, labels })).toThrow(InvalidArgumentError);
    expect(() => calibrationStatistics({ logits, rows, classes, labels })).toThrow(
      new RegExp(`-Infinity at row ${rows - 2}, column 5`),
    );
    logits[(rows - 2) * classes + 5] = Number.NaN;
    expect(() => lsceForwardBackward({ logits, rows, classes, labels, epsilon: 0.1 })).toThrow(
      new RegExp(`NaN at row ${rows - 2}, column 5`),
    );
  });
});

describe('the kernels’ own memory', () => {
  it('keeps pinned data below each call’s scratch and reuses the space once the pins above are gone', () => {
    const arena = new ReservedArena(createOwnKernels());
    const first = arena.pin(100);
    const second = arena.pin(1000);
    expect(second).toBeGreaterThanOrEqual(first + 100);
    const scratch = arena.allocate(10);
    expect(scratch).toBeGreaterThanOrEqual(second + 1000);
    arena.release();
    arena.unpin(first);
    // The second pin still lives: scratch stays above it.
    expect(arena.allocate(10)).toBe(scratch);
    arena.release();
    arena.unpin(second);
    expect(arena.allocate(10)).toBe(first);
    arena.release();
  });
});

describe('when workers start', () => {
  it('small calls start none; the first large call starts them in the background and runs on one thread', async () => {
    setKernelThreads(1);
    setKernelThreads(4);
    const small = {
      logits: new Float32Array(40).fill(1),
      rows: 4,
      classes: 10,
      labels: new Int32Array(4),
      epsilon: 0.1,
    };
    lsceForwardBackward(small);
    calibrationStatistics({ logits: small.logits, rows: 4, classes: 10, labels: small.labels });
    expect(currentPool()).toBeUndefined();
    const rows = 300;
    const classes = 1000;
    const logits = randomRows(rows, classes, 1);
    const labels = new Int32Array(rows);
    const posts = spyOnWorkerBlocks();
    lsceForwardBackward({ logits, rows, classes, labels, epsilon: 0.1 });
    expect(currentPool()?.workers).toHaveLength(3);
    expect(posts).not.toHaveBeenCalled();
    expect(await startKernelThreads()).toBe(4);
    lsceForwardBackward({ logits, rows, classes, labels, epsilon: 0.1 });
    expect(posts.mock.calls.length).toBeGreaterThanOrEqual(3);
  });
});

describe('setKernelThreads', () => {
  it('returns the effective count and rejects counts that are not whole numbers from 1 to 64', async () => {
    expect(setKernelThreads(1)).toBe(1);
    expect(await startKernelThreads()).toBe(1);
    expect(setKernelThreads(2)).toBe(2);
    for (const bad of [0, 1.5, 65, Number.NaN, '2']) {
      expect(() => setKernelThreads(bad as number)).toThrow(/Argument 'threads' passed to 'setKernelThreads'/);
    }
    expect(setKernelThreads('auto')).toBeGreaterThanOrEqual(1);
  });
});

describe('SOFTLABELS_KERNEL_THREADS', () => {
  /** The kernels as a fresh process with the variable set to `value` would load them. */
  async function freshKernels(value: string): Promise<{
    lsce: typeof lsceForwardBackward;
    setThreads: typeof setKernelThreads;
  }> {
    const saved = process.env.SOFTLABELS_KERNEL_THREADS;
    process.env.SOFTLABELS_KERNEL_THREADS = value;
    vi.resetModules();
    try {
      const [{ lsceForwardBackward: lsce }, { setKernelThreads: setThreads }] = await Promise.all([
        import('./lsce-forward-backward'),
        import('./set-kernel-threads'),
      ]);
      return { lsce, setThreads };
    } finally {
      if (saved === undefined) delete process.env.SOFTLABELS_KERNEL_THREADS;
      else process.env.SOFTLABELS_KERNEL_THREADS = saved;
    }
  }

  const call = { logits: new Float32Array([1, 2]), rows: 1, classes: 2, labels: new Int32Array([1]), epsilon: 0 };

  it.each(['1000', '65', '0', '-1', 'abc', '1.5', '2x'])(
    'rejects %s as setKernelThreads would, until it is replaced',
    async (value) => {
      const { lsce, setThreads } = await freshKernels(value);
      // A fresh copy of the package throws its own InvalidArgumentError class: recognised across copies by isInstance.
      let thrown: unknown;
      try {
        lsce(call);
      } catch (error) {
        thrown = error;
      }
      expect(InvalidArgumentError.isInstance(thrown)).toBe(true);
      expect(() => lsce(call)).toThrow(
        `Argument 'SOFTLABELS_KERNEL_THREADS' passed to 'setKernelThreads' must be 'auto' or an integer from 1 to 64`,
      );
      expect(setThreads(1)).toBe(1);
      expect(lsce(call).loss[0]).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
    },
  );

  it.each([
    ['2', 2],
    [' 1 ', 1],
    ['auto', undefined],
    ['', undefined],
  ])('takes %j', async (value, threads) => {
    const { lsce, setThreads } = await freshKernels(value);
    expect(lsce(call).loss[0]).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
    if (threads !== undefined) expect(setThreads(threads)).toBe(threads);
    setThreads('auto');
  });
});
