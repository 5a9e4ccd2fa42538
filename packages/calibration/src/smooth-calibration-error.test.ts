import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { smoothCalibrationError } from './smooth-calibration-error';

const probabilities = [
  [0.9, 0.1],
  [0.8, 0.2],
  [0.3, 0.7],
  [0.6, 0.4],
  [0.2, 0.8],
  [0.7, 0.3],
];
const labels = [0, 1, 1, 0, 1, 1];

describe('smoothCalibrationError', () => {
  it('is the mean residual for any bandwidth when every residual has the same sign', () => {
    // Confidences 0.9 and 0.7 and both wrong: r = −0.9, −0.7; no cancellation, and the kernel keeps the mass.
    const wrong = [
      [0.9, 0.1],
      [0.3, 0.7],
    ];
    for (const bandwidth of [0.01, 0.1, 1] as const) {
      expect(smoothCalibrationError({ probabilities: wrong }, [1, 0], { bandwidth })).toBeCloseTo(0.8, 12);
    }
    expect(smoothCalibrationError({ probabilities: wrong }, [1, 0])).toBeCloseTo(0.8, 12);
  });

  it('falls as the bandwidth grows when residuals of both signs cancel', () => {
    const values = [0.01, 0.02, 0.05, 0.1, 0.3].map((bandwidth) =>
      smoothCalibrationError({ probabilities }, labels, { bandwidth }),
    );
    for (let index = 1; index < values.length; index += 1) {
      expect(values[index] as number).toBeLessThanOrEqual((values[index - 1] as number) + 1e-12);
    }
    const auto = smoothCalibrationError({ probabilities }, labels);
    expect(auto).toBeGreaterThan(0);
    expect(auto).toBeLessThanOrEqual(values[0] as number);
  });

  it('averages the classes with classwise, each at its own fixed point', () => {
    const binary = smoothCalibrationError({ probabilities }, labels, { classwise: true });
    // Two classes: p_1 = 1 − p_0 and 1{y = 1} = 1 − 1{y = 0}, so both classes have the same |smoothed residual|.
    const class1 = smoothCalibrationError(
      { probabilities: probabilities.map(([p0, p1]) => [p1 as number, p0 as number]) },
      labels.map((label) => 1 - label),
      { classwise: true },
    );
    expect(binary).toBeCloseTo(class1, 12);
  });

  it('moves little between grids: 201 and 1001 points agree to 1e-3', () => {
    const fine = smoothCalibrationError({ probabilities }, labels, { bandwidth: 0.1 });
    expect(smoothCalibrationError({ probabilities }, labels, { bandwidth: 0.1, gridSize: 201 })).toBeCloseTo(fine, 3);
  });

  it('leaves out ignored rows and takes float32 from the fused pass within float32 rounding', () => {
    expect(
      smoothCalibrationError({ probabilities: [...probabilities, [0.5, 0.5]] }, [...labels, -1], { ignoreIndex: -1 }),
    ).toBe(smoothCalibrationError({ probabilities }, labels));
    const logits = probabilities.map((row) => row.map(Math.log));
    const float64 = smoothCalibrationError({ logits }, labels);
    expect(smoothCalibrationError({ logits }, labels, { precision: 'float32' })).toBeCloseTo(float64, 5);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const scores = tf.tensor2d(probabilities);
      const targets = tf.tensor1d(labels, 'int32');
      const value = smoothCalibrationError({ probabilities: scores }, targets);
      expect(value).toBeCloseTo(smoothCalibrationError({ probabilities }, labels), 6);
      tf.dispose([scores, targets]);
    });
  });

  it('names the bad option', () => {
    expect(() => smoothCalibrationError({ probabilities }, labels, { gridSize: 101, bandwidth: 0.001 })).toThrow(
      "Argument 'options.bandwidth' passed to 'smoothCalibrationError'",
    );
    expect(() => smoothCalibrationError({ probabilities }, labels, { gridSize: 2 })).toThrow(
      "Argument 'options.gridSize' passed to 'smoothCalibrationError'",
    );
    expect(() => smoothCalibrationError({ probabilities }, labels, { bandwidth: 'scott' as never })).toThrow(
      "Argument 'options.bandwidth' passed to 'smoothCalibrationError'",
    );
  });
});
