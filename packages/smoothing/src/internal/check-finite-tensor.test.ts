import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { checkFiniteTensor } from './check-finite-tensor';

describe('checkFiniteTensor', () => {
  it('passes finite tensors, including ones whose sum overflows float32', async () => {
    await expectNoLeak(() => {
      const big = tf.tensor1d([3e38, 3e38, -1]);
      expect(() => checkFiniteTensor(big, 'logits', 'f')).not.toThrow();
      big.dispose();
    });
  });

  it('names the first NaN or infinity', async () => {
    await expectNoLeak(() => {
      const bad = tf.tensor2d([
        [1, 2],
        [Number.NEGATIVE_INFINITY, Number.NaN],
      ]);
      expect(() => checkFiniteTensor(bad, 'logits', 'f')).toThrow(InvalidArgumentError);
      expect(() => checkFiniteTensor(bad, 'logits', 'f')).toThrow('-Infinity at flat index 2');
      bad.dispose();
    });
  });
});
