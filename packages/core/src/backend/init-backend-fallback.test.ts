import * as tf from '@tensorflow/tfjs-core';
import { testBackend } from '@softlabels/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { resetWarnings, setWarningHandler, type SoftlabelsWarning } from '../warnings/warning-channel';
import { initBackend } from './init-backend';

/** Replaces tfjs's wasm backend with one whose initialisation fails, as it does in a page that cannot fetch its .wasm. */
async function breakWasm(): Promise<() => void> {
  await import('@tensorflow/tfjs-backend-wasm');
  const factory = tf.findBackendFactory('wasm');
  if (factory === null) throw new Error('the wasm backend is not registered');
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => Promise.reject(new Error('failed to fetch tfjs-backend-wasm-simd.wasm')), 2);
  // tfjs prints each failed initialisation.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  return () => {
    vi.restoreAllMocks();
    tf.removeBackend('wasm');
    tf.registerBackend('wasm', factory, 2);
  };
}

describe("initBackend's fallback under 'auto'", () => {
  let restore: (() => void) | undefined;
  afterEach(async () => {
    setWarningHandler();
    resetWarnings();
    restore?.();
    restore = undefined;
    await initBackend({ backend: testBackend() });
  });

  it('says why it fell back to cpu, in BackendInfo and in one warning', async () => {
    const warnings: SoftlabelsWarning[] = [];
    setWarningHandler((warning) => warnings.push(warning));
    restore = await breakWasm();
    const info = await initBackend();
    expect(info.name).toBe('cpu');
    expect(info.fallbackReason).toBe("Backend 'wasm' is unavailable: tfjs could not initialise the 'wasm' backend.");
    expect(warnings).toEqual([
      {
        code: 'backend-fallback',
        functionName: 'initBackend',
        message: `initBackend() runs on 'cpu' because ${info.fallbackReason} (also in BackendInfo.fallbackReason).`,
      },
    ]);
    await initBackend();
    expect(warnings).toHaveLength(1);
  });

  it('reports no fallback when the optional CUDA peer is simply not installed', async () => {
    const warnings: SoftlabelsWarning[] = [];
    setWarningHandler((warning) => warnings.push(warning));
    const info = await initBackend();
    expect(info).toEqual({ name: 'wasm', simd: true, threads: 1, floatPrecision: 32 });
    expect(warnings).toEqual([]);
  });

  it("rejects 'wasm' itself with BackendUnavailableError when the backend cannot initialise", async () => {
    restore = await breakWasm();
    await expect(initBackend({ backend: 'wasm' })).rejects.toSatisfy(BackendUnavailableError.isInstance);
  });
});
