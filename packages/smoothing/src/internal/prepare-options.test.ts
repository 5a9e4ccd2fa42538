import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { prepareBinaryOptions } from './prepare-binary-options';
import { prepareCrossEntropyOptions } from './prepare-cross-entropy-options';
import { prepareLossOptions } from './prepare-loss-options';
import { prepareSmoothLabelsOptions } from './prepare-smooth-labels-options';
import { readClassVector } from './read-class-vector';
import { readOptionsObject } from './read-options-object';

describe('prepareCrossEntropyOptions', () => {
  it('fills the defaults', () => {
    expect(prepareCrossEntropyOptions(undefined, 3)).toEqual({
      epsilon: 0.1,
      reduction: 'mean',
      classWeights: null,
      ignoreIndex: undefined,
      prior: null,
      checks: true,
    });
  });

  it('reads per-class vectors from arrays, typed arrays and tensors', async () => {
    await expectNoLeak(() => {
      const weights = tf.tensor1d([1, 2, 3]);
      const prepared = prepareCrossEntropyOptions(
        {
          epsilon: 0,
          reduction: 'none',
          classWeights: weights,
          ignoreIndex: -100,
          prior: new Float64Array([0.2, 0.3, 0.5]),
          checks: false,
        },
        3,
      );
      expect(prepared.epsilon).toBe(0);
      expect(prepared.reduction).toBe('none');
      expect(Array.from(prepared.classWeights ?? [])).toEqual([1, 2, 3]);
      expect(prepared.ignoreIndex).toBe(-100);
      expect(Array.from(prepared.prior ?? [])).toEqual(Array.from(new Float32Array([0.2, 0.3, 0.5])));
      expect(prepared.checks).toBe(false);
      weights.dispose();
    });
  });

  it('names the calling function in errors', () => {
    expect(() => prepareCrossEntropyOptions({ epsilon: 2 }, 3, 'labelSmoothingLoss')).toThrow(
      "Argument 'options.epsilon' passed to 'labelSmoothingLoss'",
    );
    expect(() => prepareCrossEntropyOptions({ classWeights: [1, 2] }, 3)).toThrow(ShapeMismatchError);
  });
});

describe('prepareBinaryOptions', () => {
  it('fills the defaults and accepts scalar or per-column positive weights', () => {
    expect(prepareBinaryOptions(undefined, 2)).toEqual({
      epsilon: 0.1,
      reduction: 'mean',
      positiveWeight: null,
      checks: true,
    });
    expect(prepareBinaryOptions({ positiveWeight: 3, reduction: 'sum' }, undefined).positiveWeight).toBe(3);
    expect(Array.from(prepareBinaryOptions({ positiveWeight: [1, 4] }, 2).positiveWeight as Float32Array)).toEqual([
      1, 4,
    ]);
    expect(() => prepareBinaryOptions({ positiveWeight: [1, 4] }, undefined)).toThrow(InvalidArgumentError);
  });
});

describe('prepareSmoothLabelsOptions', () => {
  it('fills the defaults and checks the prior', () => {
    expect(prepareSmoothLabelsOptions(undefined, 4)).toEqual({ epsilon: 0.1, prior: null, checks: true });
    expect(() => prepareSmoothLabelsOptions({ prior: [0.5, 0.5] }, 4)).toThrow(ShapeMismatchError);
  });
});

describe('prepareLossOptions', () => {
  it('fills the defaults and defers length checks to the call', () => {
    expect(prepareLossOptions(undefined)).toEqual({
      epsilon: 0.1,
      reduction: 'mean',
      classWeights: undefined,
      prior: undefined,
      fromLogits: true,
      checks: true,
    });
    const prepared = prepareLossOptions({ classWeights: [1, 2, 3, 4], fromLogits: false, reduction: 'sum' });
    expect(prepared.classWeights?.length).toBe(4);
    expect(prepared.fromLogits).toBe(false);
  });
});

describe('option helpers', () => {
  it('reject non-objects and unknown keys', () => {
    expect(readOptionsObject(undefined, ['a'], 'f')).toEqual({});
    expect(() => readOptionsObject(3, ['a'], 'f')).toThrow(
      "Argument 'options' passed to 'f' must be an options object",
    );
    expect(() => readOptionsObject([], ['a'], 'f')).toThrow(InvalidArgumentError);
    expect(() => readOptionsObject({ b: 1 }, ['a'], 'f')).toThrow(
      "Argument 'options.b' passed to 'f' must not be set: known options are a",
    );
  });

  it('check class vectors: kind, rank, length, finiteness, sign and normalisation', () => {
    const matrix = tf.zeros([2, 2]);
    expect(() => readClassVector(matrix, 'w', 'f')).toThrow(ShapeMismatchError);
    matrix.dispose();
    expect(() => readClassVector(['a'], 'w', 'f')).toThrow('must hold one number per class');
    expect(() => readClassVector({ length: 2 }, 'w', 'f')).toThrow(InvalidArgumentError);
    expect(() => readClassVector([1, Number.POSITIVE_INFINITY], 'w', 'f')).toThrow('must contain only finite values');
    expect(() => readClassVector([1, -1], 'w', 'f')).toThrow('but got -1 at index 1');
    expect(() => readClassVector([0.5, 0.4], 'p', 'f', { distribution: true })).toThrow('values summing to');
    expect(Array.from(readClassVector([0.5, 0.5], 'p', 'f', { distribution: true, length: 2 }))).toEqual([0.5, 0.5]);
  });
});
