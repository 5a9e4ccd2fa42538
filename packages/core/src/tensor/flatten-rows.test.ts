import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
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

  it('names the argument for null, a number or a disposed tensor', () => {
    const disposed = tf.zeros([2, 2]);
    disposed.dispose();
    for (const [value, got] of [
      [null, /'tensor' passed to 'flattenRows' must be a tensor/],
      [5, /'tensor' passed to 'flattenRows' must be a tensor/],
      [disposed, /'tensor' passed to 'flattenRows' must be a live tensor, but got a disposed tensor/],
    ] as const) {
      expect(() => flattenRows(value as unknown as tf.Tensor)).toThrow(InvalidArgumentError);
      expect(() => flattenRows(value as unknown as tf.Tensor)).toThrow(got);
    }
  });
});
