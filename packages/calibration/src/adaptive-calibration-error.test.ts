import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { adaptiveCalibrationError } from './adaptive-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';

describe('adaptiveCalibrationError', () => {
  it('bins by rank: two bins of two rows in the documented example', () => {
    const probabilities = [
      [0.9, 0.1],
      [0.8, 0.2],
      [0.3, 0.7],
      [0.6, 0.4],
    ];
    // Bins {0.6, 0.7} (both right: gap 0.35) and {0.8 wrong, 0.9 right} (accuracy 0.5, confidence 0.85: gap 0.35).
    expectClose(adaptiveCalibrationError({ probabilities }, [0, 1, 1, 0], { bins: 2 }), 0.35, {
      relative: 1e-14,
      absolute: 1e-15,
    });
  });

  it('equals expectedCalibrationError with quantile bins', () => {
    const logits = [
      [1, 2, 0],
      [3, 0, 0],
      [0, 0, 0.5],
      [2, 2.1, 0],
      [0, 5, 1],
    ];
    const labels = [1, 0, 0, 1, 2];
    expect(adaptiveCalibrationError({ logits }, labels, { bins: 3, norm: 'l2' })).toBe(
      expectedCalibrationError({ logits }, labels, { bins: 3, norm: 'l2', binning: 'quantile' }),
    );
  });

  it('does not collapse to 0 when every confidence is tied', () => {
    // All confidences 0.8, accuracy 0.5: one non-empty bin with gap 0.3, whatever M is.
    const probabilities = Array.from({ length: 10 }, () => [0.2, 0.8]);
    const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
    for (const bins of [1, 4, 15]) {
      expectClose(adaptiveCalibrationError({ probabilities }, labels, { bins }), 0.3, {
        relative: 1e-14,
        absolute: 1e-15,
      });
    }
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const probabilities = tf.tensor2d([
        [0.2, 0.8],
        [0.6, 0.4],
      ]);
      expect(adaptiveCalibrationError({ probabilities }, [1, 1], { bins: 2 })).toBeGreaterThan(0);
      probabilities.dispose();
    });
  });

  it('rejects bad options', () => {
    expect(() => adaptiveCalibrationError({ logits: [[0, 1]] }, [0], { norm: 'l0' as never })).toThrow(
      "'options.norm' passed to 'adaptiveCalibrationError'",
    );
  });
});
