import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { confidenceHistogram } from './confidence-histogram';

describe('confidenceHistogram', () => {
  it('counts top-label confidences in right-closed bins', () => {
    const histogram = confidenceHistogram(
      {
        probabilities: [
          [0.9, 0.1],
          [0.45, 0.55],
          [1, 0],
          [0.5, 0.5],
        ],
      },
      { bins: 2 },
    );
    expect(histogram).toEqual({ edges: [0, 0.5, 1], counts: [1, 3], total: 4 });
  });

  it('gives equal-mass bins on request', () => {
    const histogram = confidenceHistogram(
      {
        probabilities: [
          [0.9, 0.1],
          [0.4, 0.6],
          [0.3, 0.7],
          [0.2, 0.8],
        ],
      },
      {
        bins: 2,
        binning: 'quantile',
      },
    );
    expect(histogram.counts).toEqual([2, 2]);
    expect(histogram.edges).toEqual([0, 0.7, 1]);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const logits = tf.zeros([3, 4]);
      expect(confidenceHistogram({ logits }, { bins: 4 }).counts).toEqual([3, 0, 0, 0]);
      logits.dispose();
    });
  });

  it('rejects flat input (no row length without labels) and bad options', () => {
    expect(() => confidenceHistogram({ logits: [1, 2, 3, 4] })).toThrow(
      "Argument 'input.logits' passed to 'confidenceHistogram' must have shape [..., K]",
    );
    expect(() => confidenceHistogram({ logits: [[1, 2]] }, { bins: 0 })).toThrow(
      "'options.bins' passed to 'confidenceHistogram'",
    );
  });
});
