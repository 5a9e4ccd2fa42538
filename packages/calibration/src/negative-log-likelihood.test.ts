import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { negativeLogLikelihood } from './negative-log-likelihood';

describe('negativeLogLikelihood', () => {
  it('is the mean of −log p(label) from logits and from probabilities', () => {
    expectClose(negativeLogLikelihood({ logits: [[0, 0]] }, [1]), Math.LN2, { relative: 1e-15, absolute: 0 });
    expectClose(negativeLogLikelihood({ probabilities: [[0.5, 0.25, 0.25]] }, [0]), Math.LN2, {
      relative: 1e-15,
      absolute: 0,
    });
  });

  it('stays finite and exact for saturated logits, infinite for a probability of 0', () => {
    expectClose(negativeLogLikelihood({ logits: [[1000, 0]] }, [1]), 1000, { relative: 1e-15, absolute: 0 });
    expect(negativeLogLikelihood({ probabilities: [[1, 0]] }, [1])).toBe(Number.POSITIVE_INFINITY);
    // Slightly negative entries allowed by the tolerance count as 0, not NaN.
    expect(negativeLogLikelihood({ probabilities: [[1.00001, -0.00001]] }, [1])).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads rank-3 tensors and matching label tensors without leaking', async () => {
    await expectNoLeak(() => {
      const logits = tf.zeros([2, 3, 4]);
      const labels = tf.zeros([2, 3], 'int32');
      expectClose(negativeLogLikelihood({ logits }, labels), Math.log(4));
      tf.dispose([logits, labels]);
    });
  });

  it('rejects mismatched lengths', () => {
    expect(() => negativeLogLikelihood({ logits: [[0, 0]] }, [0, 1])).toThrow(
      "Argument 'labels' passed to 'negativeLogLikelihood' must hold one label per row (1 labels), but has shape [2].",
    );
  });
});
