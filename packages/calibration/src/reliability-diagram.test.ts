import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from './expected-calibration-error';
import { reliabilityDiagram } from './reliability-diagram';

describe('reliabilityDiagram', () => {
  const logits = [
    [2, 0],
    [0, 1],
    [3, 1],
    [1, 1.5],
  ];
  const labels = [0, 0, 0, 1];

  it('returns every bin as plain data with the summary numbers', () => {
    const diagram = reliabilityDiagram({ logits }, labels, { bins: 5 });
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    expect(diagram.counts).toEqual([0, 0, 0, 2, 2]);
    expect(diagram.bins[0]).toEqual({ lower: 0, upper: 0.2, count: 0, confidence: null, accuracy: null, gap: null });
    const top = diagram.bins[4];
    expect([top?.lower, top?.upper, top?.count, top?.accuracy]).toEqual([0.8, 1, 2, 1]);
    expectClose(top?.confidence ?? Number.NaN, sigmoid(2), { relative: 1e-15, absolute: 0 });
    expectClose(top?.gap ?? Number.NaN, sigmoid(2) - 1, { relative: 1e-14, absolute: 0 });
    expect(diagram.ece).toBe(expectedCalibrationError({ logits }, labels, { bins: 5 }));
    expect(diagram.mce).toBe(expectedCalibrationError({ logits }, labels, { bins: 5, norm: 'max' }));
    expect(diagram.accuracy).toBe(0.75);
    expect(diagram.classIndex).toBeNull();
    expect(JSON.parse(JSON.stringify(diagram))).toEqual(diagram);
  });

  it('draws one class against the rest', () => {
    const diagram = reliabilityDiagram(
      {
        probabilities: [
          [0.9, 0.1],
          [0.3, 0.7],
          [0.2, 0.8],
        ],
      },
      [0, 1, 0],
      {
        bins: 2,
        classIndex: 1,
      },
    );
    expect(diagram.classIndex).toBe(1);
    expect(diagram.counts).toEqual([1, 2]);
    expectClose([diagram.bins[1]?.confidence ?? Number.NaN, diagram.bins[1]?.accuracy ?? Number.NaN], [0.75, 0.5]);
    expectClose(diagram.accuracy, 1 / 3);
    expectClose(diagram.averageConfidence, 1.6 / 3);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const input = tf.tensor2d(logits);
      const labelTensor = tf.tensor1d(labels, 'int32');
      expect(reliabilityDiagram({ logits: input }, labelTensor, { bins: 5 }).counts).toEqual([0, 0, 0, 2, 2]);
      tf.dispose([input, labelTensor]);
    });
  });

  it('gives each bin the Wilson score interval of its accuracy with intervals, and nothing more without', () => {
    const plain = reliabilityDiagram({ logits }, labels, { bins: 5 });
    expect(Object.keys(plain.bins[0] as object)).not.toContain('accuracyLow');
    const diagram = reliabilityDiagram({ logits }, labels, { bins: 5, intervals: {} });
    expect(diagram.intervalLevel).toBe(0.95);
    expect(diagram.bins.map((bin) => bin.accuracy)).toEqual(plain.bins.map((bin) => bin.accuracy));
    expect([diagram.bins[0]?.accuracyLow, diagram.bins[0]?.accuracyHigh]).toEqual([null, null]);
    // 0 of n or n of n right: [0, z²/(n + z²)] and [n/(n + z²), 1], z = 1.959963984540054.
    const z2 = 1.959963984540054 ** 2;
    const none = reliabilityDiagram({ probabilities: [[0.9, 0.1]] }, [1], { bins: 2, intervals: { level: 0.95 } });
    expect(none.bins[1]?.accuracyLow).toBe(0);
    expect(none.bins[1]?.accuracyHigh).toBeCloseTo(z2 / (1 + z2), 14);
    const all = reliabilityDiagram(
      {
        probabilities: [
          [0.9, 0.1],
          [0.8, 0.2],
        ],
      },
      [0, 0],
      { bins: 2, intervals: {} },
    );
    expect(all.bins[1]?.accuracyLow).toBeCloseTo(2 / (2 + z2), 14);
    expect(all.bins[1]?.accuracyHigh).toBe(1);
  });

  it('rejects an intervals level outside (0, 1)', () => {
    expect(() => reliabilityDiagram({ logits }, labels, { intervals: { level: 1 } })).toThrow(
      "Argument 'options.intervals.level' passed to 'reliabilityDiagram'",
    );
  });

  it('rejects a class index out of range', () => {
    expect(() => reliabilityDiagram({ logits }, labels, { classIndex: 2 })).toThrow(
      "Argument 'options.classIndex' passed to 'reliabilityDiagram' must be a class index in [0, 1], but got 2.",
    );
  });
});
