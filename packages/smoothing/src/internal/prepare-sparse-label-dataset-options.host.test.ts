import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { prepareSparseLabelDatasetOptions } from './prepare-sparse-label-dataset-options';

describe('prepareSparseLabelDatasetOptions', () => {
  it('fills the defaults of model.fit (batches of 32, shuffled) and seed 0', () => {
    expect(prepareSparseLabelDatasetOptions({ numClasses: 10 })).toEqual({
      numClasses: 10,
      batchSize: 32,
      shuffle: true,
      seed: 0,
    });
    expect(prepareSparseLabelDatasetOptions({ numClasses: 1, batchSize: 7, shuffle: false, seed: -5 })).toEqual({
      numClasses: 1,
      batchSize: 7,
      shuffle: false,
      seed: -5,
    });
  });

  it.each([
    [undefined, 'options.numClasses'],
    [{ numClasses: 0 }, 'options.numClasses'],
    [{ numClasses: 2.5 }, 'options.numClasses'],
    [{ numClasses: 3, batchSize: 0 }, 'options.batchSize'],
    [{ numClasses: 3, shuffle: 'yes' }, 'options.shuffle'],
    [{ numClasses: 3, seed: 2 ** 31 }, 'options.seed'],
    [{ numClasses: 3, epochs: 2 }, 'options.epochs'],
  ])('refuses %j naming %s', (options, parameter) => {
    const error = (() => {
      try {
        prepareSparseLabelDatasetOptions(options as never);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).parameter).toBe(parameter);
    expect((error as InvalidArgumentError).functionName).toBe('sparseLabelDataset');
  });
});
