import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { prepareEstimateLogitMutualInformationOptions } from './prepare-estimate-logit-mutual-information-options';

const augment = (inputs: tf.Tensor) => tf.clone(inputs);

describe('prepareEstimateLogitMutualInformationOptions', () => {
  it('fills in the paper’s defaults', () => {
    expect(prepareEstimateLogitMutualInformationOptions({ classes: [3, 5], augment })).toEqual({
      classes: [3, 5],
      augment,
      draws: 5,
      seed: 0,
      batchSize: 256,
    });
  });

  it('keeps explicit values', () => {
    const prepared = prepareEstimateLogitMutualInformationOptions({
      classes: [1, 0],
      augment,
      draws: 9,
      seed: -4,
      batchSize: 32,
    });
    expect(prepared).toMatchObject({ classes: [1, 0], draws: 9, seed: -4, batchSize: 32 });
  });

  it.each([
    ['no options', undefined, 'options.classes'],
    ['one class', { classes: [1], augment }, 'options.classes'],
    ['equal classes', { classes: [2, 2], augment }, 'options.classes'],
    ['negative class', { classes: [-1, 2], augment }, 'options.classes'],
    ['fractional class', { classes: [0.5, 2], augment }, 'options.classes'],
    ['no augmentation', { classes: [0, 1] }, 'options.augment'],
    ['augmentation not a function', { classes: [0, 1], augment: 'crop' }, 'options.augment'],
    ['L = 1', { classes: [0, 1], augment, draws: 1 }, 'options.draws'],
    ['fractional seed', { classes: [0, 1], augment, seed: 0.5 }, 'options.seed'],
    ['a seed beyond 32 bits', { classes: [0, 1], augment, seed: 2 ** 32 }, 'options.seed'],
    ['batch size 0', { classes: [0, 1], augment, batchSize: 0 }, 'options.batchSize'],
    ['an unknown key', { classes: [0, 1], augment, draw: 5 }, 'options.draw'],
  ])('rejects %s', (_label, options, parameter) => {
    expect(() => prepareEstimateLogitMutualInformationOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareEstimateLogitMutualInformationOptions(options)).toThrow(
      `Argument '${parameter}' passed to 'estimateLogitMutualInformation'`,
    );
  });
});
