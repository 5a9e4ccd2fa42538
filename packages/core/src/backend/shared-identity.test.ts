import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { installSharedIdentity } from './shared-identity';

describe(`installSharedIdentity (${tf.getBackend()})`, () => {
  it('makes tf.clone share memory, keeping the data alive until the last sharer is disposed', async () => {
    installSharedIdentity();
    installSharedIdentity();
    await expectNoLeak(async () => {
      const original = tf.tensor2d([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      const copy = tf.clone(original);
      // Shared data, on cpu as on wasm.
      expect(copy.dataId).toBe(original.dataId);
      original.dispose();
      expect(Array.from(await copy.data())).toEqual([1, 2, 3, 4, 5, 6]);
      copy.dispose();
    });
  });

  it('keeps variables independent of the values they were made from or assigned', async () => {
    await expectNoLeak(async () => {
      const start = tf.tensor1d([1, 2]);
      const copy = tf.clone(start);
      const variable = tf.variable(copy);
      const next = tf.tensor1d([7, 8]);
      variable.assign(next);
      expect(Array.from(await start.data())).toEqual([1, 2]);
      expect(Array.from(await copy.data())).toEqual([1, 2]);
      expect(Array.from(await variable.data())).toEqual([7, 8]);
      tf.dispose([start, copy, next, variable]);
    });
  });

  it('keeps gradients of a custom gradient that saves its inputs exact', async () => {
    await expectNoLeak(() => {
      const square = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
        save([x]);
        return {
          value: tf.square(x),
          gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(2, saved as tf.Tensor)),
        };
      }) as unknown as Parameters<typeof tf.customGrad>[0]);
      const x = tf.tensor1d([1, -2, 3]);
      const grad = tf.grad((input: tf.Tensor) => tf.sum(square(input) as tf.Tensor))(x);
      expect(Array.from(grad.dataSync())).toEqual([2, -4, 6]);
      tf.dispose([x, grad]);
    });
  });
});
