import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectNoLeak } from '@softlabels/test-utils';
import { describe, it } from 'vitest';

import { RandomSource } from '../random/random-source';
import { installFastTransposedMatMul } from './fast-transposed-matmul';

/** Float64 reference of op(a)·op(b) for row-major host matrices. */
function reference(a: number[][], b: number[][], transposeA: boolean, transposeB: boolean): number[] {
  const left = transposeA ? a[0]!.map((_, column) => a.map((row) => row[column]!)) : a;
  const right = transposeB ? b[0]!.map((_, column) => b.map((row) => row[column]!)) : b;
  return left.flatMap((row) =>
    right[0]!.map((_, column) => row.reduce((sum, value, k) => sum + value * right[k]![column]!, 0)),
  );
}

function matrix(random: RandomSource, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => random.normal()));
}

describe('installFastTransposedMatMul', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('keeps matMul exact with transposeA=%s transposeB=%s, without leaks', async (transposeA, transposeB) => {
    installFastTransposedMatMul();
    installFastTransposedMatMul();
    const random = new RandomSource(5);
    const a = matrix(random, transposeA ? 7 : 5, transposeA ? 5 : 7);
    const b = matrix(random, transposeB ? 3 : 7, transposeB ? 7 : 3);
    await expectNoLeak(() => {
      const product = tf.tidy(() => tf.matMul(tf.tensor2d(a), tf.tensor2d(b), transposeA, transposeB).dataSync());
      expectClose(product, reference(a, b, transposeA, transposeB), { relative: 1e-5, absolute: 1e-5 });
    });
  });

  it('keeps batched products and their gradients exact', async () => {
    installFastTransposedMatMul();
    await expectNoLeak(() => {
      const [a, b] = [tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1), tf.randomNormal([2, 5, 4], 0, 1, 'float32', 2)];
      const fast = tf.tidy(() => Array.from(tf.matMul(a, b, false, true).dataSync()));
      const slow = tf.tidy(() => Array.from(tf.matMul(a, tf.transpose(b, [0, 2, 1])).dataSync()));
      expectClose(fast, slow);
      const gradient = tf.tidy(() =>
        Array.from(
          tf
            .grad((x: tf.Tensor) => tf.sum(tf.matMul(x, b, false, true)))(a)
            .dataSync(),
        ),
      );
      const expected = tf.tidy(() => Array.from(tf.tile(tf.sum(b, 1, true), [1, 3, 1]).dataSync()));
      expectClose(gradient, expected);
      tf.dispose([a, b]);
    });
  });
});
