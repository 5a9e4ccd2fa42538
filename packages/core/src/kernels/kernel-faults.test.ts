import * as tf from '@tensorflow/tfjs-core';
import { expectIdentical } from '@softlabels/test-utils';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { KernelError } from '../errors/kernel-error';
import { RandomSource } from '../random/random-source';
import { calibrationStatistics } from './calibration-statistics';
import { createTensorWith } from './create-tensor-with';
import { createTemperatureNll } from './create-temperature-nll';
import { arenaFor } from './internal/kernel-arena';
import { runRowKernel, THREAD_THRESHOLD } from './internal/run-kernel';
import { lsceForwardBackward } from './lsce-forward-backward';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { viewTensorData } from './view-tensor-data';
import { failNextWorkerJob, hangWorkerJobs } from '../test-support/worker-faults';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 22026;
const random = new RandomSource(seed);

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  setKernelThreads('auto');
});

/** One valid kernel call: label-smoothed CE or calibration statistics over random rows. */
interface ValidCall {
  kind: 'lsce' | 'calibration' | 'temperature';
  rows: number;
  classes: number;
  values: Float32Array;
  labels: Int32Array;
  epsilon: number;
}

function randomCall(): ValidCall {
  const kinds = ['lsce', 'calibration', 'temperature'] as const;
  const kind = kinds[random.int(3)] as ValidCall['kind'];
  // Shapes that stress the vector tails: few classes, rows around a vector's length.
  const classes = 1 + random.int(random.uniform() < 0.5 ? 6 : 40);
  const rows = random.int(40);
  const scale = [0.1, 3, 100][random.int(3)] as number;
  return {
    kind,
    rows,
    classes,
    values: Float32Array.from({ length: rows * classes }, () => random.normal() * scale),
    labels: Int32Array.from({ length: rows }, () => random.int(classes)),
    epsilon: random.uniform() * 0.5,
  };
}

/** Runs `call` on `logits` (a host array or a view of a tensor) and returns every output as flat number arrays. */
function run(call: ValidCall, logits: Float32Array, labels: Int32Array, gradient?: Float32Array): number[][] {
  const { rows, classes, epsilon } = call;
  if (call.kind === 'lsce') {
    const result = lsceForwardBackward({
      logits,
      rows,
      classes,
      labels,
      epsilon,
      reduction: 'mean',
      ...(gradient ? { outputs: { gradient } } : {}),
    });
    return [Array.from(result.loss), Array.from(result.gradient ?? []), [result.reduced ?? 0]];
  }
  if (call.kind === 'calibration') {
    const result = calibrationStatistics({ logits, rows, classes, labels, bins: 15 });
    return [
      Array.from(result.confidence),
      Array.from(result.predicted),
      Array.from(result.nll),
      Array.from(result.binCounts),
      Array.from(result.binConfidenceSums),
    ];
  }
  const objective = createTemperatureNll({ logits, rows, classes, labels });
  const { value, derivative, secondDerivative } = objective(Math.log(1.5));
  return [[value, derivative, secondDerivative]];
}

/** Runs `call` on tensors in place (on wasm: tfjs's heap) between guard tensors; checks the guards after. */
function runOnTensors(call: ValidCall): number[][] {
  const before = tf.fill([13], 3.25);
  const logits = tf.tensor2d(call.values, [call.rows, call.classes]);
  const labels = tf.tensor1d(call.labels, 'int32');
  let outputs: number[][] = [];
  const gradient = createTensorWith([call.rows, call.classes], 'float32', (out) => {
    outputs = run(
      call,
      viewTensorData(logits) as Float32Array,
      viewTensorData(labels) as Int32Array,
      out as Float32Array,
    );
  });
  const after = tf.fill([13], -1.5);
  expect(Array.from(before.dataSync())).toEqual(new Array(13).fill(3.25));
  expect(Array.from(after.dataSync())).toEqual(new Array(13).fill(-1.5));
  expectIdentical(logits.dataSync(), call.values);
  if (call.kind === 'lsce') outputs[1] = Array.from(gradient.dataSync());
  tf.dispose([before, logits, labels, gradient, after]);
  return outputs;
}

/** 100 random valid calls on tensors, each bit-identical to the same call on host copies made beforehand. */
function expectHundredExactCalls(references: Array<{ call: ValidCall; expected: number[][] }>): void {
  for (const { call, expected } of references) {
    const actual = runOnTensors(call);
    expect(actual.length).toBe(expected.length);
    actual.forEach((values, index) => expectIdentical(values, expected[index]));
    // An unrelated tfjs op still computes right.
    const sum = tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30]));
    expect(Array.from(sum.dataSync())).toEqual([11, 22, 33]);
    sum.dispose();
  }
}

function hundredReferences(): Array<{ call: ValidCall; expected: number[][] }> {
  return Array.from({ length: 100 }, () => {
    const call = randomCall();
    return { call, expected: run(call, call.values.slice(), call.labels.slice()) };
  });
}

describe(`a failed kernel call poisons nothing (${tf.getBackend()}, seed ${seed})`, () => {
  it('a trap inside the pass becomes a KernelError naming the function and shape; 100 valid calls after it are exact', () => {
    setKernelThreads(1);
    const references = hundredReferences();
    const rows = 9;
    const classes = 3;
    const logits = tf.tensor2d(
      Float32Array.from({ length: rows * classes }, () => random.normal()),
      [rows, classes],
    );
    const view = viewTensorData(logits) as Float32Array;
    const memoryEnd = arenaFor(view).kernels.memory.buffer.byteLength;
    let thrown: unknown;
    try {
      // Labels read from past the end of memory: the kernel traps on its first row.
      runRowKernel(
        'lsceIndex',
        rows,
        [
          { kind: 'rows-in', array: view, width: classes },
          { kind: 'scalar', value: classes },
          { kind: 'scalar', value: memoryEnd + 64 },
          { kind: 'vector-in', array: new Float32Array(classes).fill(1) },
          { kind: 'vector-in', array: new Float32Array(classes).fill(1 / classes) },
          { kind: 'scalar', value: 0.1 },
          { kind: 'scalar', value: 0 },
          { kind: 'scalar', value: 0 },
          { kind: 'scalar', value: 1 },
          { kind: 'rows-out', array: new Float32Array(rows), width: 1 },
          { kind: 'none' },
        ],
        { functionName: 'lsceForwardBackward' },
      );
    } catch (error) {
      thrown = error;
    }
    logits.dispose();
    expect(KernelError.isInstance(thrown)).toBe(true);
    const error = thrown as KernelError;
    expect(error.functionName).toBe('lsceForwardBackward');
    expect(error.kernel).toBe('lsceIndex');
    expect(error.shape).toEqual([rows, classes]);
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expectHundredExactCalls(references);
  });

  it('an error thrown by the kernel mid-call frees its scratch; 100 valid calls after it are exact', () => {
    setKernelThreads(1);
    const references = hundredReferences();
    const rows = 6;
    const classes = 5;
    const logits = tf.tensor2d(
      Float32Array.from({ length: rows * classes }, () => random.normal()),
      [rows, classes],
    );
    const view = viewTensorData(logits) as Float32Array;
    const kernels = arenaFor(view).kernels;
    vi.spyOn(kernels, 'calibrationLogits').mockImplementationOnce(() => {
      throw new RangeError('injected failure');
    });
    expect(() =>
      calibrationStatistics({ logits: view, rows, classes, labels: new Int32Array(rows), bins: 10 }),
    ).toThrowError(
      /calibrationLogits' of 'calibrationStatistics' failed on input of shape \[6, 5\] \(injected failure\)/,
    );
    logits.dispose();
    expectHundredExactCalls(references);
  });

  describe('worker threads', () => {
    // Large enough for the threaded path; rows that split unevenly.
    const rows = Math.ceil(THREAD_THRESHOLD / 29) + 7;
    const classes = 29;
    const values = Float32Array.from({ length: rows * classes }, () => random.normal() * 2);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const compute = (): ReturnType<typeof lsceForwardBackward> =>
      lsceForwardBackward({ logits: values, rows, classes, labels, epsilon: 0.1, reduction: 'sum' });

    async function threadedReference(): Promise<ReturnType<typeof lsceForwardBackward>> {
      setKernelThreads(1);
      const single = compute();
      setKernelThreads(2);
      await startKernelThreads();
      return single;
    }

    it('a worker whose kernel fails is retired, its rows run here, the result is exact, and it says so once', async () => {
      const single = await threadedReference();
      failNextWorkerJob();
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const threaded = compute();
      expectIdentical(threaded.loss, single.loss);
      expectIdentical(threaded.gradient, single.gradient);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/worker thread failed.*calling thread/);
      // The next large call gets a fresh pool of workers and is exact again.
      await startKernelThreads();
      const again = compute();
      expectIdentical(again.loss, single.loss);
    });

    it('a worker that does not answer is waited for with a bound, not forever', async () => {
      const single = await threadedReference();
      hangWorkerJobs();
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const threaded = compute();
      expectIdentical(threaded.loss, single.loss);
      expectIdentical(threaded.gradient, single.gradient);
    });
  });
});
