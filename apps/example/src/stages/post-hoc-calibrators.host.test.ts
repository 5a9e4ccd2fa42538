import { expectedCalibrationError } from '@softlabels/calibration';
import { RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { POST_HOC_METHODS, postHocCalibrators } from './post-hoc-calibrators';
import type { RunContext, TrainedModel } from './run-context';

const CLASSES = 4;

/** Over-confident logits of a network that is right on ~70 % of the rows: the true class's logit +1.5, all × 4. */
function logitsOf(labels: Int32Array, random: RandomSource): Float32Array {
  const logits = new Float32Array(labels.length * CLASSES);
  labels.forEach((label, row) => {
    for (let k = 0; k < CLASSES; k += 1) logits[row * CLASSES + k] = 4 * (random.normal() + (k === label ? 1.5 : 0));
  });
  return logits;
}

function labelsOf(count: number, random: RandomSource): Int32Array {
  return Int32Array.from({ length: count }, () => Math.floor(random.uniform() * CLASSES));
}

function setting(seeds: number): { context: RunContext; baselines: TrainedModel[] } {
  const random = new RandomSource(7);
  const heldOut = labelsOf(600, random);
  const test = labelsOf(800, random);
  const context = {
    dataset: { classNames: ['a', 'b', 'c', 'd'] },
    splits: { heldOut: { labels: heldOut, count: heldOut.length }, test: { labels: test, count: test.length } },
  } as unknown as RunContext;
  const baselines = Array.from({ length: seeds }, (_, seed) => ({
    seed,
    epsilon: 0,
    testLogits: logitsOf(test, random),
    heldOutLogits: logitsOf(heldOut, random),
  })) as unknown as TrainedModel[];
  return { context, baselines };
}

describe('postHocCalibrators', () => {
  it('fits every method to every seed and calibrates an over-confident network', () => {
    const { context, baselines } = setting(2);
    const rows = postHocCalibrators(baselines, context);
    expect(rows.map((row) => row.method)).toEqual([...POST_HOC_METHODS]);
    expect(rows.map((row) => row.label)).toEqual([
      'vector scaling',
      'matrix scaling',
      'Dirichlet calibration',
      'isotonic regression (one-vs-rest)',
    ]);
    const test = context.splits.test.labels;
    const raw = baselines.map((trained) =>
      expectedCalibrationError({ logits: trained.testLogits }, test, { bins: 15 }),
    );
    for (const row of rows) {
      expect(row.converged, row.method).toEqual([true, true]);
      expect(row.iterations).toHaveLength(2);
      expect(row.accuracy.values).toHaveLength(2);
      expect(row.accuracy.mean).toBeGreaterThan(0.5);
      expect(
        row.ece.values.every((ece, seed) => ece < 0.5 * (raw[seed] as number)),
        row.method,
      ).toBe(true);
      if (row.method !== 'isotonic') expect(row.nll?.mean).toBeLessThan(1.5);
    }
  });

  it('gives a null NLL when a calibrated probability of a test label is 0', () => {
    const { context, baselines } = setting(1);
    const trained = baselines[0] as TrainedModel;
    // A test row of class 0 whose class-0 logit lies far below every held-out one: isotonic regression maps it to 0.
    const row = context.splits.test.labels.indexOf(0);
    trained.testLogits[row * CLASSES] = -1e3;
    const isotonic = postHocCalibrators(baselines, context).find((entry) => entry.method === 'isotonic');
    expect(isotonic?.nll).toBeNull();
    expect(Number.isFinite(isotonic?.ece.mean)).toBe(true);
  });
});
