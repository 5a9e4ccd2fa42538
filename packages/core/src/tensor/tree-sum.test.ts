import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { treeSum } from './tree-sum';

describe('treeSum', () => {
  it('gives exactly 0 for an empty tensor of any shape', async () => {
    await expectNoLeak(() => {
      for (const shape of [[0], [0, 3], [2, 0, 4]]) {
        const total = tf.tidy(() => {
          const sum = treeSum(tf.zeros(shape));
          expect(sum.shape).toEqual([]);
          return sum.dataSync()[0];
        });
        expect(total).toBe(0);
      }
    });
  });

  it('adds every element, for sizes that leave a partial group at every level', async () => {
    await expectNoLeak(() => {
      for (const size of [1, 2, 3, 4, 5, 7, 15, 16, 17, 63, 64, 65, 1000, 4097]) {
        const values = Array.from({ length: size }, (_, index) => (index % 7) - 2);
        const expected = values.reduce((sum, value) => sum + value, 0);
        expect(tf.tidy(() => treeSum(tf.tensor(values, [size])).dataSync()[0])).toBe(expected);
      }
      expect(
        tf.tidy(
          () =>
            treeSum(
              tf.tensor2d([
                [1, 2, 3],
                [4, 5, 6],
              ]),
            ).dataSync()[0],
        ),
      ).toBe(21);
    });
  });
});
