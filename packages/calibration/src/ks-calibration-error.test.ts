import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { ksCalibrationError } from './ks-calibration-error';

const probabilities = [
  [0.9, 0.1],
  [0.8, 0.2],
  [0.3, 0.7],
  [0.6, 0.4],
];
const labels = [0, 1, 1, 0];

describe('ksCalibrationError', () => {
  it('is the largest cumulative (correct − confidence)/N over rows sorted by confidence', () => {
    // Sorted confidences 0.6, 0.7, 0.8, 0.9 with correctness 1, 1, 0, 1: sums 0.4, 0.7, −0.1, 0 over 4.
    expect(ksCalibrationError({ probabilities }, labels)).toBeCloseTo(0.175, 15);
  });

  it('reads tied confidences as one step, whatever their order', () => {
    const tied = [
      [0.6, 0.4],
      [0.6, 0.4],
    ];
    // One right and one wrong at 0.6: the sums 0.4 and −0.2 read only after both rows.
    expect(ksCalibrationError({ probabilities: tied }, [0, 1])).toBeCloseTo(0.1, 15);
    expect(ksCalibrationError({ probabilities: tied }, [1, 0])).toBeCloseTo(0.1, 15);
  });

  it('averages the one-vs-rest distance over the classes with classwise', () => {
    // Class 0: p = 0.3, 0.6, 0.8, 0.9 against 0, 1, 0, 1; class 1 mirrors it, so both distances are equal.
    const class0 = Math.max(Math.abs(-0.3), Math.abs(-0.3 + 0.4), Math.abs(0.1 - 0.8), Math.abs(-0.7 + 0.1)) / 4;
    expect(ksCalibrationError({ probabilities }, labels, { classwise: true })).toBeCloseTo(class0, 15);
  });

  it('is 0 for a single correct row of confidence 1 and the top-label residual otherwise', () => {
    expect(ksCalibrationError({ probabilities: [[1, 0]] }, [0])).toBe(0);
    expect(ksCalibrationError({ probabilities: [[0.25, 0.75]] }, [0])).toBe(0.75);
  });

  it('leaves out ignored rows and takes float32 from the fused pass within float32 rounding', () => {
    const withPadding = [...probabilities, [0.5, 0.5]];
    expect(ksCalibrationError({ probabilities: withPadding }, [...labels, -100], { ignoreIndex: -100 })).toBe(
      ksCalibrationError({ probabilities }, labels),
    );
    const logits = [
      [2, 0.5, -1],
      [0.1, 1.5, 0.3],
      [-0.5, 0.2, 1.8],
      [1, 1.2, 0.9],
    ];
    const float64 = ksCalibrationError({ logits }, [0, 1, 2, 0]);
    expect(ksCalibrationError({ logits }, [0, 1, 2, 0], { precision: 'float32' })).toBeCloseTo(float64, 6);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const scores = tf.tensor2d(probabilities);
      const targets = tf.tensor1d(labels, 'int32');
      expect(ksCalibrationError({ probabilities: scores }, targets)).toBeCloseTo(0.175, 6);
      expect(
        ksCalibrationError({ probabilities: scores }, targets, { bootstrap: { resamples: 5 } }).low,
      ).toBeGreaterThanOrEqual(0);
      tf.dispose([scores, targets]);
    });
  });

  it('names the bad option', () => {
    expect(() => ksCalibrationError({ probabilities }, labels, { classwise: 'yes' as never })).toThrow(
      "Argument 'options.classwise' passed to 'ksCalibrationError'",
    );
    expect(() => ksCalibrationError({ probabilities }, labels, { bootstrap: { level: 1 } })).toThrow(
      "Argument 'options.bootstrap.level' passed to 'ksCalibrationError'",
    );
  });
});
