import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import { readHostMatrix, readHostVector } from './read-host-matrix';

describe('readHostMatrix', () => {
  it('reads number rows exactly in float64 and typed rows alike', () => {
    const matrix = readHostMatrix([[0.1, 2], new Float32Array([3, 4])], 'm', 'f');
    expect(matrix.rows).toBe(2);
    expect(matrix.columns).toBe(2);
    expect(matrix.values).toEqual(new Float64Array([0.1, 2, 3, 4]));
    expect(readHostMatrix([], 'm', 'f')).toEqual({ rows: 0, columns: 0, values: new Float64Array(0) });
  });

  it('reads a rank-2 float32 or int32 tensor', async () => {
    const tensor = tf.tensor2d([[1, 2, 3]]);
    expect(readHostMatrix(tensor, 'm', 'f')).toEqual({ rows: 1, columns: 3, values: new Float64Array([1, 2, 3]) });
    const ints = tf.tensor2d([[1], [2]], undefined, 'int32');
    expect(readHostMatrix(ints, 'm', 'f').values).toEqual(new Float64Array([1, 2]));
    await expectNoLeak(() => readHostMatrix(tensor, 'm', 'f'));
    tf.dispose([tensor, ints]);
  });

  it('rejects ragged rows, non-numbers, non-finite values and wrong tensors, naming the argument', () => {
    expect(() => readHostMatrix([[1, 2], [3]], 'points', 'chart')).toThrow(ShapeMismatchError);
    expect(() => readHostMatrix([[1, 2], [3]], 'points', 'chart')).toThrow('row 0 has 2, row 1 has 1');
    expect(() => readHostMatrix([[1, 'x']], 'points', 'chart')).toThrow('a string at [0, 1]');
    expect(() => readHostMatrix([[1, Number.POSITIVE_INFINITY]], 'points', 'chart')).toThrow(
      "Argument 'points' passed to 'chart' must contain only finite values, but got Infinity at flat index 1",
    );
    expect(() => readHostMatrix([1, 2], 'points', 'chart')).toThrow(InvalidArgumentError);
    const vector = tf.tensor1d([1]);
    expect(() => readHostMatrix(vector, 'points', 'chart')).toThrow('have rank 2');
    vector.dispose();
    const flags = tf.tensor2d([[1]], undefined, 'bool');
    expect(() => readHostMatrix(flags, 'points', 'chart')).toThrow('be a numeric tensor');
    flags.dispose();
    const disposed = tf.zeros([1, 1]);
    disposed.dispose();
    expect(() => readHostMatrix(disposed, 'points', 'chart')).toThrow('be a live tensor');
  });
});

describe('readHostVector', () => {
  it('reads arrays, typed arrays and rank-1 tensors into float64', () => {
    expect(readHostVector([0.1, 2], 'v', 'f')).toEqual(new Float64Array([0.1, 2]));
    expect(readHostVector(new Int32Array([3]), 'v', 'f')).toEqual(new Float64Array([3]));
    const tensor = tf.tensor1d([0.5]);
    expect(readHostVector(tensor, 'v', 'f')).toEqual(new Float64Array([0.5]));
    tensor.dispose();
  });

  it('rejects non-numbers, non-finite values and other ranks', () => {
    expect(() => readHostVector([1, 'a'], 'weights', 'f')).toThrow('a string at index 1');
    expect(() => readHostVector([Number.NaN], 'weights', 'f')).toThrow('contain only finite values');
    expect(() => readHostVector(3, 'weights', 'f')).toThrow('be a rank-1 tensor or an array of numbers');
    const matrix = tf.zeros([1, 1]);
    expect(() => readHostVector(matrix, 'weights', 'f')).toThrow('have rank 1');
    matrix.dispose();
  });
});
