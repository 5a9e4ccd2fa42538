import * as tf from '@tensorflow/tfjs-core';
import { type MockInstance, vi } from 'vitest';

/**
 * A spy on the kernel function that tfjs's registry holds for `kernelName` on the active backend (the engine calls
 * the registered config's `kernelFunc` on every `runKernel`), so a test can tell which kernel an op dispatched to.
 * Restore it with `spy.mockRestore()` (or vitest's `restoreMocks`). Throws when no such kernel is registered.
 */
export function spyOnKernel(kernelName: string): MockInstance<tf.KernelFunc> {
  const config = tf.getKernel(kernelName, tf.getBackend());
  if (config === undefined) throw new Error(`no kernel '${kernelName}' is registered for '${tf.getBackend()}'`);
  return vi.spyOn(config, 'kernelFunc');
}

/**
 * Runs `body` with `kernelName` unregistered on the active backend, as on a backend that has no such kernel (CUDA
 * for the fused kernels), and registers it again afterwards, whatever `body` does. Ops that fall back to composed
 * tfjs ops when `tf.getKernel` finds nothing take their fallback inside `body`.
 */
export async function withoutKernel<T>(kernelName: string, body: () => T | Promise<T>): Promise<T> {
  const backendName = tf.getBackend();
  const config = tf.getKernel(kernelName, backendName);
  if (config === undefined) throw new Error(`no kernel '${kernelName}' is registered for '${backendName}'`);
  tf.unregisterKernel(kernelName, backendName);
  try {
    return await body();
  } finally {
    tf.registerKernel(config);
  }
}
