import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { RandomSource } from '../random/random-source';
import { installFastGather } from './fast-gather';

/** Rows `picks` of a row-major `[rows, width]` host matrix. */
function pickRows(values: Float32Array, width: number, picks: number[]): number[] {
  return picks.flatMap((row) => Array.from(values.subarray(row * width, (row + 1) * width)));
}

describe(`installFastGather (${tf.getBackend()})`, () => {
  const random = new RandomSource(11);

  it.each([
    { shape: [50, 7], picks: [3, 0, 49, 3, 17] },
    { shape: [20, 3, 4], picks: [19, 0, 5] },
    { shape: [9], picks: [8, 8, 1] },
    { shape: [12, 5], picks: [] as number[] },
  ])('takes rows on axis 0 exactly: %o', async ({ shape, picks }) => {
    installFastGather();
    installFastGather();
    const size = shape.reduce((product, value) => product * value, 1);
    const values = Float32Array.from({ length: size }, () => random.normal());
    await expectNoLeak(() => {
      const x = tf.tensor(values, shape);
      const indices = tf.tensor1d(picks, 'int32');
      const gathered = tf.gather(x, indices);
      expect(gathered.shape).toEqual([picks.length, ...shape.slice(1)]);
      expect(Array.from(gathered.dataSync())).toEqual(pickRows(values, size / (shape[0] as number), picks));
      tf.dispose([x, indices, gathered]);
    });
  });

  it('keeps 2-D index tensors, int32 data and other axes exact', async () => {
    await expectNoLeak(() =>
      tf.tidy(() => {
        const x = tf.tensor2d(
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ],
          [3, 3],
          'int32',
        );
        expect(
          tf
            .gather(
              x,
              tf.tensor2d(
                [
                  [2, 0],
                  [1, 1],
                ],
                [2, 2],
                'int32',
              ),
            )
            .arraySync(),
        ).toEqual([
          [
            [7, 8, 9],
            [1, 2, 3],
          ],
          [
            [4, 5, 6],
            [4, 5, 6],
          ],
        ]);
        expect(tf.gather(x, tf.tensor1d([2, 0], 'int32'), 1).arraySync()).toEqual([
          [3, 1],
          [6, 4],
          [9, 7],
        ]);
      }),
    );
  });

  it('leaves out-of-range indices to the original kernel, which rejects them', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const bad = tf.tensor1d([0, 2], 'int32');
    expect(() => tf.gather(x, bad).dispose()).toThrow(/index/i);
    tf.dispose([x, bad]);
  });
});
