import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { prepareDistilOptions } from './prepare-distil-options';

describe('prepareDistilOptions', () => {
  it('fills in the defaults (the paper’s β = 1: soft targets only)', () => {
    expect(prepareDistilOptions(undefined)).toEqual({
      epochs: 10,
      batchSize: 32,
      optimizer: undefined,
      learningRate: 1e-3,
      temperature: 1,
      studentTemperature: 1,
      hardLabelWeight: 0,
      hardLabelLoss: undefined,
      form: 'kl',
      scaleByTemperatureSquared: true,
      augment: undefined,
      shuffle: true,
      seed: 0,
      validationData: undefined,
      onBatchEnd: undefined,
      onEpochEnd: undefined,
    });
  });

  it('keeps explicit values and lets the student temperature follow the teacher’s', () => {
    const optimizer = tf.train.sgd(0.1);
    const onEpochEnd = () => undefined;
    const prepared = prepareDistilOptions({
      epochs: 3,
      batchSize: 8,
      optimizer,
      temperature: 4,
      hardLabelWeight: 0.5,
      form: 'cross-entropy',
      shuffle: false,
      seed: 7,
      onEpochEnd,
    });
    expect(prepared).toMatchObject({ epochs: 3, batchSize: 8, temperature: 4, studentTemperature: 4, seed: 7 });
    expect(prepared).toMatchObject({ hardLabelWeight: 0.5, form: 'cross-entropy', shuffle: false });
    expect(prepared.optimizer).toBe(optimizer);
    expect(prepared.onEpochEnd).toBe(onEpochEnd);
    optimizer.dispose();
  });

  it.each([
    [{ epochs: 0 }, 'options.epochs'],
    [{ epochs: 1.5 }, 'options.epochs'],
    [{ batchSize: 0 }, 'options.batchSize'],
    [{ learningRate: 0 }, 'options.learningRate'],
    [{ temperature: -1 }, 'options.temperature'],
    [{ studentTemperature: 0 }, 'options.studentTemperature'],
    [{ hardLabelWeight: 1.01 }, 'options.hardLabelWeight'],
    [{ form: 'mse' }, 'options.form'],
    [{ optimizer: 'adam' }, 'options.optimizer'],
    [{ augment: 'crop' }, 'options.augment'],
    [{ shuffle: 'yes' }, 'options.shuffle'],
    [{ seed: 0.5 }, 'options.seed'],
    [{ seed: 2 ** 32 }, 'options.seed'],
    [{ validationData: 3 }, 'options.validationData'],
    [{ onEpochEnd: 'log' }, 'options.onEpochEnd'],
    [{ onBatchEnd: 1 }, 'options.onBatchEnd'],
    [{ epoch: 3 }, 'options.epoch'],
    [{ reduction: 'sum' }, 'options.reduction'],
    [{ validationData: { inputs: 1, labels: [0], weights: [1] } }, 'options.validationData.weights'],
  ])('rejects %o', (options, parameter) => {
    expect(() => prepareDistilOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareDistilOptions(options)).toThrow(`Argument '${parameter}' passed to 'distil'`);
  });
});
