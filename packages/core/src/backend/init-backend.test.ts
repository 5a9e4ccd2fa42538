import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak, testBackend } from '@softlabels/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { initBackend, prepareInitBackendOptions } from './init-backend';

describe('initBackend', () => {
  afterEach(async () => {
    await initBackend({ backend: testBackend() });
  });

  it('reports the wasm backend with SIMD on this machine', async () => {
    const info = await initBackend({ backend: 'wasm' });
    expect(info).toEqual({ name: 'wasm', simd: true, threads: 1, floatPrecision: 32 });
    expect(tf.getBackend()).toBe('wasm');
    // Transposed products (every dense layer's backward pass) run through the fast replacement kernel.
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc.name).toBe('fastTransposedBatchMatMul');
    // So do clones (no copy) and row gathers (batch slicing).
    expect(tf.getKernel('Identity', 'wasm')?.kernelFunc.name).toBe('sharedIdentity');
    expect(tf.getKernel('GatherV2', 'wasm')?.kernelFunc.name).toBe('fastRowGather');
  });

  it('reports the cpu backend', async () => {
    const info = await initBackend({ backend: 'cpu' });
    expect(info).toEqual({ name: 'cpu', simd: false, threads: 1, floatPrecision: 32 });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('rejects cuda without @tensorflow/tfjs-node-gpu, saying what to install', async () => {
    const attempt = initBackend({ backend: 'cuda' });
    await expect(attempt).rejects.toSatisfy(BackendUnavailableError.isInstance);
    await expect(attempt).rejects.toThrow(
      /'@tensorflow\/tfjs-node-gpu' is not installed: .*npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/,
    );
  });

  it('falls back from cuda to wasm under auto', async () => {
    const info = await initBackend();
    expect(info.name).toBe('wasm');
  });

  it.each(['cpu', 'wasm'] as const)('computes gradients on %s', async (backend) => {
    await initBackend({ backend });
    await expectNoLeak(() => {
      const values = tf.tidy(() => {
        const slope = tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)));
        return Array.from(slope(tf.tensor1d([1, -2, 3])).dataSync());
      });
      expect(values).toEqual([2, -4, 6]);
    });
  });

  it('rejects unknown backend names with InvalidArgumentError', async () => {
    const attempt = initBackend({ backend: 'tpu' as never });
    await expect(attempt).rejects.toSatisfy(InvalidArgumentError.isInstance);
    await expect(attempt).rejects.toThrow(
      "Argument 'options.backend' passed to 'initBackend' must be one of 'auto', 'wasm', 'cpu', 'cuda', 'node', but got \"tpu\".",
    );
  });

  it('validates its options object', () => {
    expect(prepareInitBackendOptions(undefined)).toEqual({ backend: 'auto', wasmPaths: undefined });
    expect(prepareInitBackendOptions({ backend: 'cpu', wasmPaths: '/wasm/' })).toEqual({
      backend: 'cpu',
      wasmPaths: '/wasm/',
    });
    expect(() => prepareInitBackendOptions('wasm')).toThrow(InvalidArgumentError);
    expect(() => prepareInitBackendOptions([])).toThrow(
      "Argument 'options' passed to 'initBackend' must be an options object (or undefined), but got [].",
    );
    expect(() => prepareInitBackendOptions({ backnd: 'cpu' })).toThrow("Argument 'options.backnd'");
    expect(() => prepareInitBackendOptions({ wasmPaths: 3 })).toThrow(/options\.wasmPaths/);
    expect(() => prepareInitBackendOptions({ wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' } })).toThrow(
      "Argument 'options.wasmPaths' passed to 'initBackend' must be a URL prefix string or a map naming all three " +
        '.wasm files (tfjs-backend-wasm.wasm, tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm), ' +
        'but got a map without tfjs-backend-wasm-simd.wasm, tfjs-backend-wasm-threaded-simd.wasm.',
    );
  });
});
