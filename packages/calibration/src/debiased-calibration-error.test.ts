import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { debiasedCalibrationError } from './debiased-calibration-error';
import { expectedCalibrationError } from './expected-calibration-error';

describe('debiasedCalibrationError', () => {
  it('subtracts the sampling variance of each bin accuracy', () => {
    // One bin of 4 rows: confidence 0.75, accuracy 0.5 → 0.0625 − 0.25/3 < 0 → clipped to 0.
    const probabilities = [
      [0.25, 0.75],
      [0.25, 0.75],
      [0.25, 0.75],
      [0.25, 0.75],
    ];
    expect(debiasedCalibrationError({ probabilities }, [1, 1, 0, 0], { bins: 1 })).toBe(0);
    // Confidence 0.9, accuracy 0.25 over 4 rows: 0.65² − 0.25·0.75/3.
    const sure = probabilities.map(() => [0.1, 0.9]);
    expectClose(
      debiasedCalibrationError({ probabilities: sure }, [1, 0, 0, 0], { bins: 1 }),
      Math.sqrt(0.65 ** 2 - (0.25 * 0.75) / 3),
      { relative: 1e-14, absolute: 1e-15 },
    );
  });

  it('is close to 0 for a calibrated predictor where the plug-in RMS error is not', () => {
    const random = new RandomSource(11);
    const rows = 4000;
    const probabilities: number[][] = [];
    const labels: number[] = [];
    for (let row = 0; row < rows; row += 1) {
      const p = 0.5 + 0.5 * random.uniform();
      probabilities.push([1 - p, p]);
      labels.push(random.uniform() < p ? 1 : 0);
    }
    const debiased = debiasedCalibrationError({ probabilities }, labels, { bins: 100 });
    const plugin = expectedCalibrationError({ probabilities }, labels, { bins: 100, norm: 'l2' });
    expect(plugin).toBeGreaterThan(0.03);
    expect(debiased).toBeLessThan(plugin / 2);
  });

  it('reads tensors without leaking, with both binnings', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [3, 0],
        [2, 0],
        [0, 1],
        [4, 0],
        [0, 2],
      ]);
      for (const binning of ['uniform', 'quantile'] as const) {
        expect(debiasedCalibrationError({ logits }, [0, 1, 1, 0, 0], { bins: 2, binning })).toBeGreaterThanOrEqual(0);
      }
      logits.dispose();
    });
  });

  it('rejects bad options', () => {
    expect(() => debiasedCalibrationError({ logits: [[0, 1]] }, [0], { binning: 'log' as never })).toThrow(
      "'options.binning' passed to 'debiasedCalibrationError'",
    );
  });
});
