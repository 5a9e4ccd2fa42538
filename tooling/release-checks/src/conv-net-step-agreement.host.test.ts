import { describe, expect, it } from 'vitest';

import type { ConvNetStep } from '../browser/conv-net-step';
import type { TensorSummary } from '../browser/tensor-summary';
import { CONV_NET_TOLERANCE, convNetStepMismatches } from './conv-net-step-agreement';

const kernel: TensorSummary = {
  shape: [3, 3, 1, 2],
  sum: 0.01,
  absSum: 2,
  maxAbs: 0.5,
  entries: [0.5, -0.2, 0, 1e-6, 0.1],
};
const step: ConvNetStep = {
  loss: 2.3,
  gradients: { 'conv1/kernel': kernel, 'conv1/bias': { ...kernel, shape: [2] } },
  updatedKernel: kernel,
  predictions: { ...kernel, shape: [2, 9] },
};

/** `step` (parsed back from JSON, as the page's result is) with `change` applied to its first gradient. */
function withKernelGradient(change: Partial<TensorSummary>): unknown {
  const copy = JSON.parse(JSON.stringify(step)) as ConvNetStep;
  copy.gradients['conv1/kernel'] = { ...kernel, ...change };
  return copy;
}

describe('convNetStepMismatches', () => {
  it('accepts the same step', () => {
    expect(convNetStepMismatches(JSON.parse(JSON.stringify(step)), step)).toEqual([]);
  });

  it('compares entries relative to the largest magnitude, so a near-zero entry may move by less than that', () => {
    const small = 0.5 * CONV_NET_TOLERANCE * kernel.maxAbs;
    expect(convNetStepMismatches(withKernelGradient({ entries: [0.5, -0.2, small, 1e-6 + small, 0.1] }), step)).toEqual(
      [],
    );
    const large = 2 * CONV_NET_TOLERANCE * kernel.maxAbs;
    expect(convNetStepMismatches(withKernelGradient({ entries: [0.5, -0.2, 0, 1e-6 + large, 0.1] }), step)).toEqual([
      `gradients.conv1/kernel.entries[3]: ${1e-6 + large} instead of 0.000001`,
    ]);
  });

  it('compares a sum relative to the sum of magnitudes, and the magnitudes relative to themselves', () => {
    expect(convNetStepMismatches(withKernelGradient({ sum: 0.01 + 0.5 * CONV_NET_TOLERANCE * 2 }), step)).toEqual([]);
    expect(convNetStepMismatches(withKernelGradient({ sum: 0.01 + 2 * CONV_NET_TOLERANCE * 2 }), step)).toHaveLength(1);
    expect(convNetStepMismatches(withKernelGradient({ absSum: 2 * (1 + 2 * CONV_NET_TOLERANCE) }), step)).toEqual([
      `gradients.conv1/kernel.absSum: ${2 * (1 + 2 * CONV_NET_TOLERANCE)} instead of 2`,
    ]);
  });

  it('reports a different loss, shape, entry count, or a missing or extra gradient', () => {
    const got = JSON.parse(JSON.stringify(step)) as ConvNetStep;
    got.loss = 2.31;
    got.gradients['conv9/kernel'] = kernel;
    delete (got.gradients as Partial<ConvNetStep['gradients']>)['conv1/bias'];
    got.updatedKernel = { ...kernel, shape: [3, 3, 2, 1] };
    got.predictions = { ...step.predictions, entries: [1] };
    expect(convNetStepMismatches(got, step)).toEqual([
      'loss: 2.31 instead of 2.3',
      "gradients.conv9/kernel: not in Node's step",
      'gradients.conv1/bias: missing',
      'updatedKernel.shape: [3,3,2,1] instead of [3,3,1,2]',
      'predictions.entries: not 5',
    ]);
  });

  it('reports a page that computed no step, or a non-number', () => {
    expect(convNetStepMismatches(undefined, step)).toEqual(['missing from the page']);
    expect(convNetStepMismatches({ ...step, loss: 'NaN' }, step)).toEqual(['loss: NaN instead of 2.3']);
  });
});
