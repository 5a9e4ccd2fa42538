import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { flattenRows } from './flatten-rows';

describe('flattenRows', () => {
  it('collapses leading axes and keeps values in order', async () => {
    await expectNoLeak(() => {
      const values = tf.tidy(() => {
        const rows = flattenRows(tf.reshape(tf.range(0, 24), [2, 3, 4]));
        expect(rows.shape).toEqual([6, 4]);
        return Array.from(rows.dataSync());
      });
      expect(values).toEqual(Array.from({ length: 24 }, (_, i) => i));
    });
  });

  it('returns rank-2 input itself', () => {
    const x = tf.zeros([3, 2]);
    expect(flattenRows(x)).toBe(x);
    x.dispose();
  });
});
