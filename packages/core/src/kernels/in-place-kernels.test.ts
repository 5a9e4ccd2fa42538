import * as tf from '@tensorflow/tfjs-core';
import { expectIdentical, expectNoLeak } from '@softlabels/test-utils';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { RandomSource } from '../random/random-source';
import { calibrationStatistics } from './calibration-statistics';
import { createTensorWith } from './create-tensor-with';
import { arenaFor, ownMemoryArena, rememberView } from './internal/kernel-arena';
import { KernelWorker } from './internal/kernel-threads';
import { tailRowsFor } from './internal/run-kernel';
import { lsceForwardBackward } from './lsce-forward-backward';
import { setKernelThreads, startKernelThreads } from './set-kernel-threads';
import { viewTensorData } from './view-tensor-data';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 12026;
const random = new RandomSource(seed);

afterAll(() => {
  setKernelThreads('auto');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * On `wasm` the kernels run on tensors in place (logits read from tfjs's heap, the gradient written into a new
 * tensor's memory); on `cpu` the same calls copy. Either way the results must equal those from host copies, and no
 * byte outside the output tensor may change — rows whose length is not a multiple of 4 are where a whole-vector store
 * could overrun.
 */
describe(`kernels on tensor memory (${tf.getBackend()}, seed ${seed})`, () => {
  it.each([
    { rows: 37, classes: 10, threads: 1 },
    { rows: 5, classes: 3, threads: 1 },
    { rows: 1, classes: 7, threads: 1 },
    { rows: 30_000, classes: 10, threads: 2 },
    { rows: 300, classes: 1001, threads: 2 },
    // Rows shorter than a vector: the last vector of a row reaches several rows ahead.
    ...[1, 2, 3, 4, 5, 6, 8, 9, 12, 15, 16, 17, 18, 21, 22, 27, 28, 29, 30, 33, 1000].flatMap((rows) =>
      [1, 2, 3].map((classes) => ({ rows, classes, threads: 1 })),
    ),
  ])('label-smoothed CE into a new tensor leaves its neighbours untouched: %o', async ({ rows, classes, threads }) => {
    setKernelThreads(threads);
    await startKernelThreads();
    const values = Float32Array.from({ length: rows * classes }, () => random.normal() * 3);
    const labelValues = Int32Array.from({ length: rows }, () => random.int(classes));
    const reference = lsceForwardBackward({
      logits: values.slice(),
      rows,
      classes,
      labels: labelValues.slice(),
      epsilon: 0.1,
      reduction: 'mean',
    });
    const logits = tf.tensor2d(values, [rows, classes]);
    const labels = tf.tensor1d(labelValues, 'int32');
    const before = tf.fill([17], 7.5);
    let loss: Float32Array | undefined;
    // Blocks that run in place call the kernel of the arena over tfjs's heap (wasm only), blocks on copies that of
    // the kernels' own memory, and worker blocks are posted to a worker.
    const ownKernels = ownMemoryArena().kernels;
    const heapKernels = arenaFor(viewTensorData(logits)).kernels;
    const copiedBlocks = vi.spyOn(ownKernels, 'lsceIndex');
    const inPlaceBlocks = heapKernels === ownKernels ? undefined : vi.spyOn(heapKernels, 'lsceIndex');
    const workerBlocks = vi.spyOn(KernelWorker.prototype, 'post');
    const gradient = createTensorWith([rows, classes], 'float32', (out) => {
      loss = lsceForwardBackward({
        logits: viewTensorData(logits) as Float32Array,
        rows,
        classes,
        labels: viewTensorData(labels) as Int32Array,
        epsilon: 0.1,
        reduction: 'mean',
        outputs: { gradient: out as Float32Array },
      }).loss;
    });
    const after = tf.fill([17], -2.25);
    // On wasm the main thread's rows run in place (the last rows on a copy when rows end mid-vector), on cpu on copies;
    // above the threshold a worker takes a block.
    const inPlace = inPlaceBlocks?.mock.calls.length ?? 0;
    const copied = copiedBlocks.mock.calls.length;
    if (tf.getBackend() === 'wasm') {
      const tail = tailRowsFor(classes);
      expect(inPlace).toBe(rows > tail ? 1 : 0);
      expect(copied).toBe(tail > 0 ? 1 : 0);
    } else {
      expect([inPlace, copied]).toEqual([0, 1]);
    }
    expect(workerBlocks.mock.calls.length > 0).toBe(threads > 1);
    expectIdentical(loss, reference.loss);
    expectIdentical(gradient.dataSync(), reference.gradient);
    expect(Array.from(before.dataSync())).toEqual(new Array(17).fill(7.5));
    expect(Array.from(after.dataSync())).toEqual(new Array(17).fill(-2.25));
    expectIdentical(logits.dataSync(), values);
    tf.dispose([logits, labels, before, after, gradient]);
  });

  it('calibration statistics from a tensor view equal those from a host copy', async () => {
    setKernelThreads(2);
    await startKernelThreads();
    const rows = 3000;
    const classes = 101;
    const values = Float32Array.from({ length: rows * classes }, () => random.normal() * 4);
    const labels = Int32Array.from({ length: rows }, () => random.int(classes));
    const logits = tf.tensor2d(values, [rows, classes]);
    const fromView = calibrationStatistics({ logits: viewTensorData(logits) as Float32Array, rows, classes, labels });
    const fromCopy = calibrationStatistics({ logits: values, rows, classes, labels });
    expectIdentical(fromView.confidence, fromCopy.confidence);
    expectIdentical(fromView.nll, fromCopy.nll);
    expectIdentical(fromView.binCounts, fromCopy.binCounts);
    logits.dispose();
  });

  it('creates and keeps no tensors', async () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [0, -1, 4],
    ]);
    await expectNoLeak(() => {
      lsceForwardBackward({
        logits: viewTensorData(logits) as Float32Array,
        rows: 2,
        classes: 3,
        labels: new Int32Array([2, 0]),
        epsilon: 0.1,
      });
      calibrationStatistics({
        logits: viewTensorData(logits) as Float32Array,
        rows: 2,
        classes: 3,
        labels: new Int32Array([2, 0]),
      });
    });
    logits.dispose();
  });

  it('runs in place while its own scratch on the heap makes the heap grow (and detaches the views it was given)', () => {
    setKernelThreads(1);
    const rows = 2048;
    const classes = 2049;
    const values = Float32Array.from({ length: rows * classes }, () => random.normal() * 2);
    const labelValues = Int32Array.from({ length: rows }, () => random.int(classes));
    const reference = lsceForwardBackward({ logits: values.slice(), rows, classes, labels: labelValues, epsilon: 0.2 });
    const logits = tf.tensor2d(values, [rows, classes]);
    const view = viewTensorData(logits) as Float32Array;
    const heapBefore = view.buffer.byteLength;
    // A host gradient output: the kernel's scratch for it (16 MiB) comes from tfjs's heap, which has to grow.
    const result = lsceForwardBackward({ logits: view, rows, classes, labels: labelValues, epsilon: 0.2 });
    if (tf.getBackend() === 'wasm')
      expect((viewTensorData(logits) as Float32Array).buffer.byteLength).toBeGreaterThan(heapBefore);
    expectIdentical(result.loss, reference.loss);
    expectIdentical(result.gradient, reference.gradient);
    logits.dispose();
  });

  it('finds a view of the heap again after the heap grew and detached it', () => {
    const small = tf.tensor1d([1, 2, 3, 4, 5]);
    const view = viewTensorData(small) as Float32Array;
    const back = rememberView(view);
    // Allocating far more than the heap holds makes tfjs's WASM memory grow (on cpu nothing is detached).
    const big = tf.zeros([64 * 1024 * 1024]);
    expect(Array.from(back())).toEqual([1, 2, 3, 4, 5]);
    tf.dispose([small, big]);
  });
});
