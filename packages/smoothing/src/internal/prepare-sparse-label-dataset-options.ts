import { checkBoolean, checkNumber, RandomSource, readOptions } from '@softlabels/core';
import type { SparseLabelDatasetOptions } from '../sparse-label-dataset-options';

const NAME = 'sparseLabelDataset';
const KEYS = ['numClasses', 'batchSize', 'shuffle', 'seed'] as const;

/** Normalised {@link SparseLabelDatasetOptions}. */
export interface PreparedSparseLabelDatasetOptions {
  numClasses: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
}

/** Validates and normalises the options of `sparseLabelDataset`. */
export function prepareSparseLabelDatasetOptions(
  options: SparseLabelDatasetOptions,
): PreparedSparseLabelDatasetOptions {
  const record = readOptions(options, KEYS, NAME);
  return {
    numClasses: checkNumber(record.numClasses, 'options.numClasses', NAME, { min: 1, max: 2 ** 31 - 1, integer: true }),
    batchSize: checkNumber(record.batchSize ?? 32, 'options.batchSize', NAME, {
      min: 1,
      max: 2 ** 31 - 1,
      integer: true,
    }),
    shuffle: checkBoolean(record.shuffle, true, 'options.shuffle', NAME),
    seed: checkNumber(record.seed ?? 0, 'options.seed', NAME, {
      min: RandomSource.MIN_SEED,
      max: RandomSource.MAX_SEED,
      integer: true,
    }),
  };
}
