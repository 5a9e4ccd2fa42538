import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { prepareBinaryOptions } from './prepare-binary-options';
import { prepareCrossEntropyOptions } from './prepare-cross-entropy-options';
import { prepareLossOptions } from './prepare-loss-options';
import { prepareSmoothLabelsOptions } from './prepare-smooth-labels-options';

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

describe('options read with the toolkit of @softlabels/core', () => {
  it('reject non-objects and unknown keys', () => {
    expect(prepareSmoothLabelsOptions(undefined, 2)).toEqual({ epsilon: 0.1, prior: null, checks: true });
    expect(() => prepareCrossEntropyOptions(3 as never, 2)).toThrow(
      "Argument 'options' passed to 'labelSmoothingCrossEntropy' must be an options object",
    );
    expect(() => prepareLossOptions([] as never)).toThrow(InvalidArgumentError);
    expect(() => prepareBinaryOptions({ b: 1 } as never, 2)).toThrow(
      "Argument 'options.b' passed to 'binaryLabelSmoothingCrossEntropy' must not be set: known options are epsilon, " +
        'reduction, positiveWeight, checks',
    );
  });

  it('check class vectors: kind, rank, length, finiteness, sign and normalisation', () => {
    const matrix = tf.zeros([2, 2]);
    expect(() => prepareCrossEntropyOptions({ classWeights: matrix as never }, 2)).toThrow(ShapeMismatchError);
    matrix.dispose();
    expect(() => prepareCrossEntropyOptions({ classWeights: ['a'] as never }, 1)).toThrow(
      'must hold one number per class',
    );
    expect(() => prepareCrossEntropyOptions({ classWeights: { length: 2 } as never }, 2)).toThrow(InvalidArgumentError);
    expect(() => prepareCrossEntropyOptions({ classWeights: [1, Number.POSITIVE_INFINITY] }, 2)).toThrow(
      'must contain only finite values',
    );
    expect(() => prepareLossOptions({ classWeights: [1, -1] })).toThrow('but got -1 at index 1');
    expect(() => prepareSmoothLabelsOptions({ prior: [0.5, 0.4] }, 2)).toThrow('values summing to');
    expect(Array.from(prepareSmoothLabelsOptions({ prior: [0.5, 0.5] }, 2).prior ?? [])).toEqual([0.5, 0.5]);
  });
});
