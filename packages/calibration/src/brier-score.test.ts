import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { brierScore } from './brier-score';

describe('brierScore', () => {
  it('sums squared errors over classes and averages over rows', () => {
    expectClose(
      brierScore(
        {
          probabilities: [
            [0.8, 0.2],
            [0.4, 0.6],
          ],
        },
        [0, 0],
      ),
      0.4,
      { relative: 1e-15, absolute: 1e-15 },
    );
    expect(brierScore({ probabilities: [[0, 1, 0]] }, [0])).toBe(2);
    expect(brierScore({ probabilities: [[0, 1, 0]] }, [1])).toBe(0);
  });

  it('takes the softmax of logits in float64', () => {
    expectClose(brierScore({ logits: [[0, 0, 0, 0]] }, [2]), 0.75 ** 2 + 3 * 0.25 ** 2, {
      relative: 1e-15,
      absolute: 1e-15,
    });
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const probabilities = tf.tensor2d([[0.5, 0.5]]);
      expectClose(brierScore({ probabilities }, [0]), 0.5);
      probabilities.dispose();
    });
  });

  it('rejects rows that are not distributions', () => {
    expect(() => brierScore({ probabilities: [[0.5, 0.6]] }, [0])).toThrow(
      "Argument 'input.probabilities' passed to 'brierScore' must hold rows that sum to 1",
    );
    expect(brierScore({ probabilities: [[0.5, 0.6]] }, [0], { distributionTolerance: 0.2 })).toBeCloseTo(0.61, 12);
  });
});
