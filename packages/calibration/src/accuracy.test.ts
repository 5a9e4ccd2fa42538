import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';

describe('accuracy', () => {
  it('counts argmax hits, taking the first class on ties', () => {
    expect(
      accuracy(
        {
          logits: [
            [2, 1],
            [0, 3],
            [1, 0],
          ],
        },
        [0, 1, 1],
      ),
    ).toBe(2 / 3);
    expect(accuracy({ probabilities: [[0.5, 0.5]] }, [0])).toBe(1);
    expect(accuracy({ probabilities: [[0.5, 0.5]] }, [1])).toBe(0);
  });

  it('reads tensors without leaking', async () => {
    await expectNoLeak(() => {
      const logits = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const labels = tf.tensor1d([1, 0], 'float32');
      expect(accuracy({ logits }, labels)).toBe(0.5);
      tf.dispose([logits, labels]);
    });
  });

  it('rejects an input that is neither logits nor probabilities', () => {
    expect(() => accuracy({ scores: [[1, 2]] } as never, [0])).toThrow(
      "Argument 'input' passed to 'accuracy' must be an object with exactly one of 'logits' or 'probabilities'",
    );
  });
});
