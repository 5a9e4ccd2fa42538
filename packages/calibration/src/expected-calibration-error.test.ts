import * as tf from '@tensorflow/tfjs-core';
import * as core from '@softlabels/core';
import { InvalidArgumentError } from '@softlabels/core';
import { captureWarnings, expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { README_LABELS, README_LOGITS, README_PROBABILITIES } from './test-support/readme-example';
import { expectedCalibrationError } from './expected-calibration-error';

describe('expectedCalibrationError', () => {
  const probabilities = [
    [0.9, 0.1],
    [0.8, 0.2],
    [0.3, 0.7],
    [0.6, 0.4],
  ];
  const labels = [0, 1, 1, 0];

  it('matches the documented example and the three norms by hand', () => {
    const exact = { relative: 1e-15, absolute: 1e-15 };
    // Each row in its own bin: gaps 0.1, 0.8, 0.3, 0.4.
    expectClose(expectedCalibrationError({ probabilities }, labels, { bins: 10 }), (0.1 + 0.8 + 0.3 + 0.4) / 4, exact);
    expectClose(
      expectedCalibrationError({ probabilities }, labels, { bins: 10, norm: 'l2' }),
      Math.sqrt((0.01 + 0.64 + 0.09 + 0.16) / 4),
      exact,
    );
    expectClose(expectedCalibrationError({ probabilities }, labels, { bins: 10, norm: 'max' }), 0.8, exact);
    // One bin: |mean accuracy − mean confidence|.
    expectClose(expectedCalibrationError({ probabilities }, labels, { bins: 1 }), Math.abs(0.75 - 0.75), exact);
  });

  it('uses max(p, 1 − p) for two classes, whichever column holds it', () => {
    const flipped = probabilities.map(([a, b]) => [b as number, a as number]);
    const flippedLabels = labels.map((label) => 1 - label);
    expect(expectedCalibrationError({ probabilities: flipped }, flippedLabels)).toBe(
      expectedCalibrationError({ probabilities }, labels),
    );
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [2, 0, 1],
        [0, 1, 3],
        [1, 1, 0],
      ]);
      const labelTensor = tf.tensor1d([0, 1, 1], 'int32');
      const fromTensor = expectedCalibrationError({ logits }, labelTensor, { binning: 'quantile', bins: 2 });
      expectClose(
        fromTensor,
        expectedCalibrationError(
          {
            logits: [
              [2, 0, 1],
              [0, 1, 3],
              [1, 1, 0],
            ],
          },
          [0, 1, 1],
          {
            binning: 'quantile',
            bins: 2,
          },
        ),
        { relative: 1e-6, absolute: 1e-7 },
      );
      tf.dispose([logits, labelTensor]);
    });
  });

  it('rejects bad input with typed errors naming the function', () => {
    expect(() => expectedCalibrationError({ probabilities }, labels, { bins: 0 })).toThrow(
      "Argument 'options.bins' passed to 'expectedCalibrationError' must be an integer in [1, 1000000], but got 0.",
    );
    expect(() => expectedCalibrationError({ probabilities }, [0, 1, 2, 0])).toThrow(InvalidArgumentError);
    expect(() => expectedCalibrationError({ probabilities: [] }, [])).toThrow('hold at least one row');
  });
});

describe('expectedCalibrationError on inputs of the other kind', () => {
  const warnings = captureWarnings(core);

  // The README's example, and its logits' softmax.
  const logits = README_LOGITS;
  const labels = README_LABELS;
  const probabilities = README_PROBABILITIES;

  it('gives 0.104 instead of 0.298 for probabilities passed as { logits }, and warns once', () => {
    const exact = { relative: 1e-12, absolute: 0 };
    expectClose(expectedCalibrationError({ logits }, labels), 0.29799648930523714, exact);
    expectClose(expectedCalibrationError({ probabilities }, labels), 0.29799648930523714, exact);
    expect(warnings).toEqual([]);
    for (const precision of ['float64', 'float32'] as const) {
      expectClose(expectedCalibrationError({ logits: probabilities }, labels, { precision }), 0.10354337941972847, {
        relative: 1e-6,
        absolute: 0,
      });
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toEqual({
      code: 'probabilities-as-logits',
      functionName: 'expectedCalibrationError',
      message:
        'input.logits look like probabilities (values in [0, 1], rows summing to 1) but are read as logits and ' +
        'softmaxed again, which gives wrong results: pass them as { probabilities }, or pass the scores before ' +
        'softmax as { logits }.',
    });
  });

  it('refuses logits passed as { probabilities }, saying where logits go', () => {
    expect(() => expectedCalibrationError({ probabilities: logits }, labels)).toThrow(
      "Argument 'input.probabilities' passed to 'expectedCalibrationError' must hold probabilities in [0, 1] " +
        '(tolerance 0.001), but got 4 at row 0, class 0 (scores before softmax are passed as { logits }).',
    );
  });
});
