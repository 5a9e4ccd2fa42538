import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { classwiseCalibrationError } from './classwise-calibration-error';

describe('classwiseCalibrationError', () => {
  it('averages the per-class errors of p_k against 1{y = k}', () => {
    // One bin: per class |mean p_k − frequency of k|.
    const probabilities = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
    ];
    const labels = [0, 1, 0];
    const perClass = [Math.abs(1.1 / 3 - 2 / 3), Math.abs(1.3 / 3 - 1 / 3), Math.abs(0.6 / 3 - 0)];
    expectClose(
      classwiseCalibrationError({ probabilities }, labels, { bins: 1 }),
      (perClass[0]! + perClass[1]! + perClass[2]!) / 3,
      { relative: 1e-14, absolute: 1e-15 },
    );
    expectClose(
      classwiseCalibrationError({ probabilities }, labels, { bins: 1, norm: 'max' }),
      (perClass[0]! + perClass[1]! + perClass[2]!) / 3,
      { relative: 1e-14, absolute: 1e-15 },
    );
  });

  it('is 0 for one-hot predictions that are always right', () => {
    expect(
      classwiseCalibrationError(
        {
          probabilities: [
            [1, 0, 0],
            [0, 0, 1],
          ],
        },
        [0, 2],
      ),
    ).toBe(0);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [1, 2, 3],
        [3, 2, 1],
      ]);
      const labels = tf.tensor1d([2, 1], 'int32');
      expect(classwiseCalibrationError({ logits }, labels)).toBeGreaterThan(0);
      tf.dispose([logits, labels]);
    });
  });

  it('rejects labels out of range', () => {
    expect(() => classwiseCalibrationError({ logits: [[1, 2, 3]] }, [3])).toThrow(
      "Argument 'labels' passed to 'classwiseCalibrationError' must hold integer class indices in [0, 2], but got 3",
    );
  });

  it('bounds its per-class bins (classes × bins) with a typed error', () => {
    const logits = [Array.from({ length: 20 }, (_, k) => k)];
    expect(() => classwiseCalibrationError({ logits }, [0], { bins: 1e6 })).toThrow(
      "Argument 'input.logits' passed to 'classwiseCalibrationError' must have at most 16777216 classes × bins for classwise statistics (1000000 bins), but got 20 classes.",
    );
  });
});
