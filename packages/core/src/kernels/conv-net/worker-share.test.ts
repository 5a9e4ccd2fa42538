import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectIdentical, expectNoLeak, testBackend } from '@softlabels/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { initBackend } from '../../backend/init-backend';
import { RandomSource } from '../../random/random-source';
import { KernelWorker } from '../internal/kernel-threads';
import { setKernelThreads, startKernelThreads } from '../set-kernel-threads';
import { CONVOLUTION_THREAD_THRESHOLD } from './worker-share';
import { failNextWorkerJob, hangWorkerJobs } from '../../test-support/worker-faults';

const seed = 41;
const random = new RandomSource(seed);

// Above the threshold: 7 images (an uneven split) of 18×17×12 through 3×3 filters to 20 channels.
const xShape: [number, number, number, number] = [7, 18, 17, 12];
const filterShape: [number, number, number, number] = [3, 3, 12, 20];
const xValues = Float32Array.from({ length: 7 * 18 * 17 * 12 }, () => random.normal());
const filterValues = Float32Array.from({ length: 3 * 3 * 12 * 20 }, () => random.normal() / 6);

interface Results {
  forward: Float32Array;
  inputGradient: Float32Array;
  filterGradient: Float32Array;
}

/** A fused convolution (bias, relu) with stride `stride`, its input gradient and its filter gradient. */
function convolve(stride: number): Results {
  return tf.tidy(() => {
    const x = tf.tensor4d(xValues, xShape);
    const filter = tf.tensor4d(filterValues, filterShape);
    const bias = tf.tensor1d(Float32Array.from({ length: 20 }, (_, index) => index / 40 - 0.2));
    const forward = tf.fused.conv2d({ x, filter, bias, strides: stride, pad: 'same', activation: 'relu' });
    const dy = tf.tensor4d(
      Float32Array.from({ length: forward.size }, (_, index) => Math.sin(index)),
      forward.shape,
    );
    const inputGradient = tf.conv2dTranspose(dy, filter, xShape, stride, 'same');
    const filterGradient = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { strides: stride, pad: 'same', dataFormat: 'NHWC', filterShape },
      ) as tf.Tensor;
    return {
      forward: forward.dataSync() as Float32Array,
      inputGradient: inputGradient.dataSync() as Float32Array,
      filterGradient: filterGradient.dataSync() as Float32Array,
    };
  });
}

/** The results on one thread, then with two threads started and ready. */
async function singleThenThreaded(stride: number): Promise<{ single: Results; threaded: () => Results }> {
  setKernelThreads(1);
  const single = convolve(stride);
  setKernelThreads(2);
  expect(await startKernelThreads()).toBe(2);
  return { single, threaded: () => convolve(stride) };
}

/** Each output pixel is summed in the same order on either thread; the filter gradient adds two partial sums. */
function expectSame(threaded: Results, single: Results): void {
  expectIdentical(threaded.forward, single.forward);
  expectIdentical(threaded.inputGradient, single.inputGradient);
  expectClose(threaded.filterGradient, single.filterGradient, { relative: 1e-5, absolute: 1e-4 });
}

describe(`conv-net kernels on a worker thread (wasm, seed ${seed})`, () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    setKernelThreads('auto');
    await initBackend({ backend: testBackend() });
  });

  it('is above the threshold', () => {
    expect(7 * 18 * 17 * 3 * 3 * 12 * 20).toBeGreaterThan(CONVOLUTION_THREAD_THRESHOLD);
  });

  it.each([1, 2])('gives what one thread gives, stride %i, posting the last images to the worker', async (stride) => {
    const { single, threaded } = await singleThenThreaded(stride);
    const post = vi.spyOn(KernelWorker.prototype, 'post');
    let results: Results | undefined;
    await expectNoLeak(() => {
      results = threaded();
    });
    // Stride 1: the forward pass, the input gradient (one stride phase) and the filter gradient each post one job.
    // Stride 2: only the input gradient (four phases, one job each) is above the threshold; the forward pass and the
    // filter gradient (7·9·9 output pixels · 3·3·12·20 taps) stay on this thread.
    const expected = stride === 1 ? ['convForward', 'convForward', 'convFilterGradient'] : Array(4).fill('convForward');
    expect(post.mock.calls.map(([name]) => name)).toEqual(expected);
    expectSame(results as Results, single);
  });

  it('retires a worker whose kernel fails and runs its images here, with the same results', async () => {
    const { single, threaded } = await singleThenThreaded(2);
    failNextWorkerJob();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expectSame(threaded(), single);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/worker thread failed/);
    // A fresh pool takes the next large call.
    await startKernelThreads();
    expectSame(threaded(), single);
  });

  it('waits for a worker that does not answer with a bound, then runs its filter gradient here from zero', async () => {
    const { single, threaded } = await singleThenThreaded(1);
    hangWorkerJobs((name) => name === 'convFilterGradient');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expectSame(threaded(), single);
  });
});
