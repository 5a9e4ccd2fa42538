import * as tf from '@tensorflow/tfjs-core';
import { lsceForwardBackward } from '@softlabels/core/kernels';
import { describe, expect, it } from 'vitest';

import { fusedLsceIndex, fusedLsceProbability, fusedLsceValueAndGrad } from './fused-loss';
import { measure } from './measure';
import { formatTable, targetVerdicts } from './report';
import { BENCHED_CALIBRATORS } from './scenarios/calibrators';
import { exampleScenario } from './scenarios/example';
import { runSuite, type SuiteSizes } from './suite';
import { torchUnavailable } from './torch-peer';

// The bench package does not depend on @softlabels/test-utils (it is not a library); two small local checks instead.
function expectClose(
  actual: ArrayLike<number> | number,
  expected: ArrayLike<number> | number,
  tolerance: { relative: number; absolute?: number },
): void {
  const got = typeof actual === 'number' ? [actual] : Array.from(actual);
  const want = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(got).toHaveLength(want.length);
  got.forEach((value, index) => {
    const target = want[index] as number;
    expect(Math.abs(value - target)).toBeLessThanOrEqual(
      (tolerance.absolute ?? 0) + tolerance.relative * Math.abs(target),
    );
  });
}

function expectNoLeak(body: () => void): void {
  const before = tf.memory().numTensors;
  body();
  expect(tf.memory().numTensors).toBe(before);
}

const TINY: SuiteSizes = {
  lsce: [
    [16, 40],
    [4, 1000],
  ],
  calibrationLosses: [6, 30],
  ece: [[200, 10]],
  temperature: [64, 10],
  calibrators: [[40, 3]],
  mlpSamples: 256,
  transfer: [8, 10],
  cnnSamples: 64,
  resnetSamples: 32,
  convKernelBatch: 2,
  example: [],
  cliStreaming: [],
};

const CONV_KERNEL_IDS = [
  'conv2d-28x28x1-16',
  'conv2d-13x13x16-32',
  'conv2d-filter-grad-13x13x16-32',
  'conv2d-input-grad-13x13x16-32',
  'max-pool-26x26x16',
  'batch-norm-14x14x32',
].map((id) => `conv-kernels-2-${id}`);

describe('the benchmark suite (tiny sizes, structure only: no timing assertions)', () => {
  it('runs every scenario and reports medians, peers, details and target verdicts', async () => {
    const steps: string[] = [];
    const run = await runSuite({
      sizes: TINY,
      repeats: { warmup: 1, repeats: 1 },
      torch: true,
      progress: (scenario, step) => steps.push(`${scenario}: ${step}`),
    });
    expect(run.scenarios.map((scenario) => scenario.id)).toEqual([
      'lsce-16x40',
      'lsce-4x1000',
      'focal-6x30',
      'binary-focal-6x30',
      'confidence-penalty-6x30',
      'ece-200x10',
      'temperature-64x10',
      ...BENCHED_CALIBRATORS.map((method) => `calibrator-${method}-40x3`),
      'transfer-8x10',
      'mlp-256',
      'cnn-64',
      'resnet-32',
      ...CONV_KERNEL_IDS,
    ]);
    const torchMissing = torchUnavailable();
    for (const scenario of run.scenarios) {
      const ours = scenario.entries.find((entry) => entry.name === 'ours');
      expect(ours?.measurement?.medianMs).toBeGreaterThanOrEqual(0);
      expect(ours?.measurement?.repeats).toBe(1);
      const torch = scenario.entries.find((entry) => entry.name === 'torch');
      if (/^(transfer|calibrator-histogram|calibrator-beta)/.test(scenario.id)) expect(torch).toBeUndefined();
      else if (torchMissing === undefined) expect(torch?.measurement?.medianMs).toBeGreaterThan(0);
      else expect(torch?.note).toContain('skipped');
      for (const verdict of targetVerdicts(scenario)) expect(verdict.target).toMatch(/^≤ /);
    }
    const ece = run.scenarios.find((scenario) => scenario.id === 'ece-200x10');
    const eces = ece?.entries.map((entry) => entry.details?.ece).filter((value) => value !== undefined) ?? [];
    expect(eces.length).toBeGreaterThanOrEqual(2);
    for (const value of eces) expectClose(value as number, eces[0] as number, { relative: 1e-6, absolute: 1e-7 });
    const temperature = run.scenarios.find((scenario) => scenario.id === 'temperature-64x10')?.entries[0]?.details;
    expect(temperature?.temperature).toBeGreaterThan(1);
    expect(temperature?.steps).toBeLessThan(50);
    for (const method of BENCHED_CALIBRATORS) {
      const fit = run.scenarios.find((scenario) => scenario.id === `calibrator-${method}-40x3`)?.entries[0]?.details;
      expect(Object.keys(fit ?? {})).toEqual(['nllBefore', 'nllAfter', 'iterations', 'converged']);
    }
    const lsce = run.scenarios.find((scenario) => scenario.id.startsWith('lsce'));
    expect(lsce?.entries.map((entry) => entry.name)).toEqual(['ours', 'ours-api', 'ours-tape', 'tfjs', 'torch']);
    expect(lsce?.entries[0]?.details?.gradientNotReadBackMs).toBeGreaterThan(0);
    expect(ece?.entries.find((entry) => entry.name === 'ours-api')?.measurement?.medianMs).toBeGreaterThan(0);
    const mlp = run.scenarios.find((scenario) => scenario.id === 'mlp-256');
    expect(mlp?.entries.map((entry) => entry.name)).toEqual(['ours', 'ours-loop', 'tfjs', 'torch']);
    expect(Object.keys(mlp?.entries[1]?.details ?? {})).toEqual(['batchMs', 'forwardBackwardMs', 'optimizerMs']);
    for (const [id, parameters] of [
      ['cnn-64', 12810],
      ['resnet-32', 77754],
    ] as const) {
      const net = run.scenarios.find((scenario) => scenario.id === id);
      expect(net?.size).toBe(`${id.split('-')[1]} fashion-mnist images, batch 128`);
      expect(net?.entries.map((entry) => entry.name)).toEqual(['ours', 'torch']);
      expect(net?.entries[0]?.details?.trainableParameters).toBe(parameters);
      expect(net?.entries[0]?.details?.loss).toBeGreaterThan(0);
      if (torchMissing === undefined) {
        expect(net?.entries[1]?.details?.trainableParameters).toBe(parameters);
        expect(net?.entries[1]?.details?.loss).toBeGreaterThan(0);
      }
    }
    const backend = tf.getBackend();
    for (const id of CONV_KERNEL_IDS) {
      const kernel = run.scenarios.find((scenario) => scenario.id === id);
      expect(kernel?.entries.map((entry) => entry.name)).toEqual(['ours', 'tfjs', 'torch']);
      expect(kernel?.entries[0]?.details?.notReadBackMs).toBeGreaterThanOrEqual(0);
      const stock = kernel?.entries[1];
      expect(stock?.label).toContain(`tfjs-backend-${backend}`);
      // tfjs-backend-wasm has no Conv2DBackpropFilter of its own; the cpu backend has every case's kernels.
      if (backend === 'wasm' && id.includes('filter-grad'))
        expect(stock?.note).toContain('has no Conv2DBackpropFilter');
      else expect(stock?.measurement?.medianMs).toBeGreaterThan(0);
      expect(kernel?.targets).toEqual(id.includes('filter-grad') ? [{ peer: 'torch', maxRatio: 1 }] : []);
    }
    const table = formatTable(run.scenarios);
    expect(table.split('\n')).toHaveLength(2 + run.scenarios.length);
    expect(table).toContain('ours/torch');
    expect(steps).toContain('LS-CE 16×40: tfjs');
    expect(steps).toContain('conv kernels batch 2: Conv2DBackpropFilter');
  });

  it('times `pnpm example` from the repository root and reports a failed run without a figure', async () => {
    const steps: string[] = [];
    const context = { repeats: { warmup: 0, repeats: 1 }, step: (label: string) => steps.push(label) };
    const failed = await exampleScenario('quick', context, ['--seeds', '0']);
    expect(failed.id).toBe('example-quick');
    expect(failed.entries[0]?.measurement).toBeUndefined();
    expect(failed.entries[0]?.note).toBe('exited with code 2');
    expect(steps).toEqual(['pnpm example --quick --seeds 0']);
  });

  it('measures medians after warm-up', async () => {
    let calls = 0;
    const result = await measure(() => (calls += 1), { warmup: 2, repeats: 3 });
    expect(calls).toBe(5);
    expect(result.repeats).toBe(3);
    expect(result.minMs).toBeLessThanOrEqual(result.medianMs);
  });
});

describe('the fused-loss wrappers', () => {
  const rows = 6;
  const classes = 5;
  const logitsValues = Float32Array.from({ length: rows * classes }, (_, index) => Math.sin(index * 1.7) * 3);
  const labels = Int32Array.from({ length: rows }, (_, row) => (row * 3) % classes);
  const direct = lsceForwardBackward({ logits: logitsValues, rows, classes, labels, epsilon: 0.1, reduction: 'mean' });

  it('give the kernel’s mean loss and gradient through tf.valueAndGrad, without leaks', () => {
    expectNoLeak(() => {
      const logits = tf.tensor2d(logitsValues, [rows, classes]);
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
      for (const loss of [
        (z: tf.Tensor) => fusedLsceIndex(z, labels, 0.1),
        (z: tf.Tensor) => fusedLsceProbability(oneHot, z, 0.1),
      ]) {
        const { value, grad } = tf.valueAndGrad(loss)(logits);
        expectClose(value.dataSync()[0] as number, direct.reduced as number, { relative: 1e-6 });
        expectClose(grad.dataSync(), direct.gradient ?? [], { relative: 1e-5, absolute: 1e-7 });
        tf.dispose([value, grad]);
      }
      const twice = tf.grad((z: tf.Tensor) => tf.mul(fusedLsceIndex(z, labels, 0.1), 2))(logits);
      expectClose(
        twice.dataSync(),
        (direct.gradient ?? []).map((value) => 2 * value),
        { relative: 1e-5, absolute: 1e-7 },
      );
      const { value, grad } = fusedLsceValueAndGrad(logits, labels, 0.1);
      expectClose(grad.dataSync(), direct.gradient ?? [], { relative: 1e-5, absolute: 1e-7 });
      tf.dispose([logits, oneHot, twice, value, grad]);
    });
  });
});
