import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { readClassVector } from './read-class-vector';

describe('readClassVector', () => {
  it('reads arrays, typed arrays and 1-D tensors as float32', () => {
    expect(Array.from(readClassVector([1, 2, 0], 'w', 'f'))).toEqual([1, 2, 0]);
    expect(readClassVector(new Float64Array([0.1]), 'w', 'f')).toEqual(new Float32Array([0.1]));
    const tensor = tf.tensor1d([0.25, 0.75]);
    expect(Array.from(readClassVector(tensor, 'w', 'f', { length: 2, distribution: true }))).toEqual([0.25, 0.75]);
    tensor.dispose();
  });

  it('reads an empty vector for an empty last axis', () => {
    expect(readClassVector([], 'options.positiveWeight', 'f', { length: 0 })).toEqual(new Float32Array(0));
    expect(() => readClassVector([1], 'w', 'f', { length: 0 })).toThrow('(length 0)');
    expect(() => readClassVector([], 'w', 'f', { length: -1 })).toThrow("'requirements.length'");
  });

  it('checks the length, finiteness, sign and (for a distribution) the sum', () => {
    expect(() => readClassVector([1, 2], 'options.classWeights', 'f', { length: 3 })).toThrow(ShapeMismatchError);
    expect(() => readClassVector([1, 2], 'options.classWeights', 'f', { length: 3 })).toThrow(
      'have one value per class (length 3)',
    );
    expect(() => readClassVector([1, Number.NaN], 'w', 'f')).toThrow('contain only finite values');
    expect(() => readClassVector([1, -0.5], 'w', 'f')).toThrow(
      'hold only non-negative values, but got -0.5 at index 1',
    );
    expect(() => readClassVector([0.5, 0.4], 'options.prior', 'f', { distribution: true })).toThrow(
      'be a probability distribution over the classes',
    );
    expect(() => readClassVector([0.5, 0.5 + 5e-5], 'options.prior', 'f', { distribution: true })).not.toThrow();
  });

  it('rejects what is not a vector of numbers', () => {
    expect(() => readClassVector('1,2', 'w', 'f')).toThrow(InvalidArgumentError);
    expect(() => readClassVector(['a'], 'w', 'f')).toThrow('hold one number per class');
    expect(() => readClassVector([1, null, 1], 'options.classWeights', 'f')).toThrow(
      "Argument 'options.classWeights' passed to 'f' must hold one number per class, but got null at index 1",
    );
    expect(() => readClassVector([0.5, '0.5'], 'options.prior', 'f')).toThrow('but got "0.5" at index 1');
    const matrix = tf.zeros([2, 2]);
    expect(() => readClassVector(matrix, 'w', 'f')).toThrow('be a 1-D tensor with one value per class');
    matrix.dispose();
    const disposed = tf.zeros([2]);
    disposed.dispose();
    expect(() => readClassVector(disposed, 'w', 'f')).toThrow('be a live tensor');
  });

  it('leaks no tensors', async () => {
    const tensor = tf.tensor1d([1, 2]);
    await expectNoLeak(() => readClassVector(tensor, 'w', 'f'));
    tensor.dispose();
  });
});
