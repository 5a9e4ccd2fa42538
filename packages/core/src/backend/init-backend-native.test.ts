// tfjs-node and tfjs-node-gpu cannot be installed here (their install downloads libtensorflow): these tests stand in
// for them with a backend registered under their name, 'tensorflow', carrying the two fields their
// NodeJSKernelBackend has (isGPUPackage, isUsingGpuDevice).
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { testBackend } from '@softlabels/test-utils';
import { afterEach, describe, expect, it } from 'vitest';

import { BackendUnavailableError } from '../errors/backend-unavailable-error';
import { resetWarnings, setWarningHandler, type SoftlabelsWarning } from '../warnings/warning-channel';
import { describeBackend } from './backend-info';
import { initBackend } from './init-backend';

class StandInNodeBackend extends MathBackendCPU {
  constructor(
    readonly isGPUPackage: boolean,
    readonly isUsingGpuDevice: boolean,
  ) {
    super();
  }
}

/** Registers the stand-in as tfjs-node does on import (tfjs-node also activates it: pass `activate`). */
async function registerStandIn(kind: { gpuPackage: boolean; gpuDevice: boolean }, activate = false): Promise<void> {
  tf.registerBackend('tensorflow', () => new StandInNodeBackend(kind.gpuPackage, kind.gpuDevice), 3);
  if (activate) await tf.setBackend('tensorflow');
}

const tfjsNode = { gpuPackage: false, gpuDevice: false };

describe('initBackend with tfjs-node (the tensorflow backend)', () => {
  afterEach(async () => {
    setWarningHandler();
    resetWarnings();
    if (tf.findBackendFactory('tensorflow') !== null) tf.removeBackend('tensorflow');
    await initBackend({ backend: testBackend() });
  });

  it("activates a registered tfjs-node under 'node' and names it node", async () => {
    await registerStandIn(tfjsNode);
    const info = await initBackend({ backend: 'node' });
    expect(info).toEqual({ name: 'node', simd: false, threads: 1, floatPrecision: 32 });
    expect(tf.getBackend()).toBe('tensorflow');
  });

  it("keeps an active tfjs-node under 'auto', without a warning", async () => {
    const warnings: SoftlabelsWarning[] = [];
    setWarningHandler((warning) => warnings.push(warning));
    await registerStandIn(tfjsNode, true);
    const info = await initBackend();
    expect(info).toEqual({ name: 'node', simd: false, threads: 1, floatPrecision: 32 });
    expect(tf.getBackend()).toBe('tensorflow');
    expect(warnings).toEqual([]);
  });

  it('names the tensorflow backend cuda only for tfjs-node-gpu on a GPU', async () => {
    await registerStandIn({ gpuPackage: true, gpuDevice: true }, true);
    expect((await describeBackend())?.name).toBe('cuda');
    expect((await initBackend({ backend: 'cuda' })).name).toBe('cuda');
    tf.removeBackend('tensorflow');
    await registerStandIn({ gpuPackage: true, gpuDevice: false }, true);
    expect((await describeBackend())?.name).toBe('node');
    tf.removeBackend('tensorflow');
    await registerStandIn(tfjsNode, true);
    expect((await describeBackend())?.name).toBe('node');
  });

  it("rejects 'cuda' when the tensorflow backend runs on the CPU, and puts the previous backend back", async () => {
    await registerStandIn(tfjsNode);
    const attempt = initBackend({ backend: 'cuda' });
    await expect(attempt).rejects.toSatisfy(BackendUnavailableError.isInstance);
    await expect(attempt).rejects.toThrow(/runs on the CPU \(@tensorflow\/tfjs-node.*ask for 'node'/);
    expect(tf.getBackend()).toBe(testBackend());
  });

  it("rejects 'node' without @tensorflow/tfjs-node, saying what to install", async () => {
    const attempt = initBackend({ backend: 'node' });
    await expect(attempt).rejects.toSatisfy(BackendUnavailableError.isInstance);
    await expect(attempt).rejects.toThrow(
      /Backend 'node' is unavailable: '@tensorflow\/tfjs-node' is not installed: .*npm install @tensorflow\/tfjs-node@4\.22\.0/,
    );
  });
});
