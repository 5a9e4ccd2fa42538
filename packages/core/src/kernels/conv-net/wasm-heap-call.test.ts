import * as tf from '@tensorflow/tfjs-core';
import { testBackend } from '@softlabels/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { initBackend } from '../../backend/init-backend';
import { InvalidArgumentError } from '../../errors/invalid-argument-error';
import { KernelError } from '../../errors/kernel-error';
import { WasmHeapCall } from './wasm-heap-call';

/** Opens a call of tfjs kernel 'Conv2D' on the wasm backend's heap, for an input of shape [1, 4, 4, 2]. */
function openCall(input: tf.Tensor): WasmHeapCall {
  const call = WasmHeapCall.open(tf.backend(), input, 'Conv2D');
  if (call === undefined) throw new Error("the wasm backend's heap is not reachable");
  return call;
}

describe('WasmHeapCall.run (the replaced wasm kernels)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
  afterAll(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('turns a WebAssembly trap into a KernelError naming the kernel, the shape and the caller, and frees its outputs', () => {
    const input = tf.zeros([1, 4, 4, 2]);
    const call = openCall(input);
    const dataIds = tf.engine().backend.numDataIds();
    const trap = new WebAssembly.RuntimeError('memory access out of bounds');
    let error: unknown;
    try {
      call.run(() => {
        call.output([1, 4, 4, 8]);
        throw trap;
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(KernelError.isInstance(error)).toBe(true);
    const kernelError = error as KernelError;
    expect(kernelError.message).toBe(
      "The fused kernel 'Conv2D' of 'tfjs-backend-wasm' failed on input of shape [1, 4, 4, 2] (memory access out of " +
        'bounds); kernel memory and threads were restored, so later calls are unaffected.',
    );
    expect(kernelError.cause).toBe(trap);
    expect(kernelError.stack).toMatch(/wasm-heap-call\.test\.ts/);
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    input.dispose();
  });

  it('passes softlabels errors on as they are', () => {
    const input = tf.zeros([1, 4, 4, 2]);
    const refusal = new InvalidArgumentError({ functionName: 'f', parameter: 'p', value: 0, expected: 'be 1' });
    expect(() =>
      openCall(input).run(() => {
        throw refusal;
      }),
    ).toThrow(refusal);
    input.dispose();
  });
});
