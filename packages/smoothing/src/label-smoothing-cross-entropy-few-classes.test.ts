import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { labelSmoothingCrossEntropy } from './index';

/**
 * Rows shorter than one SIMD vector (C < 4): the fused kernel's whole-vector loads and stores reach several rows ahead,
 * so the last rows of a tensor must never make them pass its end. One class is PyTorch's degenerate case: log p = 0,
 * so loss 0 and gradient 0 whatever ε.
 */
describe(`labelSmoothingCrossEntropy with fewer classes than a vector holds (${tf.getBackend()})`, () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 15, 16, 17, 18, 21, 22, 27, 28, 29, 30, 33, 1000])(
    'one class, %i rows: loss 0 and gradient 0 (PyTorch), neighbours untouched',
    (rows) => {
      const before = tf.fill([7], 1.25);
      const logits = tf.randomNormal([rows, 1], 0, 1, 'float32', 17);
      const labels = tf.zeros([rows], 'int32');
      const grad = tf.grad((z: tf.Tensor) => labelSmoothingCrossEntropy(z, labels, { epsilon: 0.05 }));
      const loss = labelSmoothingCrossEntropy(logits, labels, { epsilon: 0.05 });
      const gradient = grad(logits);
      const after = tf.fill([7], -4.5);
      expect(loss.dataSync()[0]).toBe(0);
      expect(Array.from(gradient.dataSync())).toEqual(new Array(rows).fill(0));
      expect(Array.from(before.dataSync())).toEqual(new Array(7).fill(1.25));
      expect(Array.from(after.dataSync())).toEqual(new Array(7).fill(-4.5));
      tf.dispose([before, logits, labels, loss, gradient, after]);
    },
  );

  it.each([2, 3])('%i classes over many row counts match the composed formula', (classes) => {
    for (let rows = 1; rows <= 40; rows += 1) {
      const logits = tf.randomNormal([rows, classes], 0, 3, 'float32', rows);
      const labels = tf.tensor1d(
        Array.from({ length: rows }, (_, row) => row % classes),
        'int32',
      );
      const loss = labelSmoothingCrossEntropy(logits, labels, { epsilon: 0.1, reduction: 'none' });
      const z = logits.arraySync() as number[][];
      const expected = z.map((row, n) => {
        const max = Math.max(...row);
        const lse = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
        const logP = row.map((value) => value - lse);
        return -(0.9 * (logP[n % classes] as number) + (0.1 / classes) * logP.reduce((sum, value) => sum + value, 0));
      });
      const actual = Array.from(loss.dataSync());
      actual.forEach((value, n) => expect(value).toBeCloseTo(expected[n] as number, 5));
      tf.dispose([logits, labels, loss]);
    }
  });
});
