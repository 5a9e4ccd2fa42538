import type * as tf from '@tensorflow/tfjs-core';
import {
  checkBoolean,
  checkFunction,
  checkNumber,
  InvalidArgumentError,
  RandomSource,
  readOptions,
} from '@softlabels/core';

import type { AugmentFunction } from '../augment-function';
import type { DistilOptions, DistilValidationData } from '../distil-options';
import type { DistillationForm, HardLabelLoss } from '../distillation-loss-options';
import { prepareDistillationLossOptions } from './prepare-distillation-loss-options';

/** {@link DistilOptions} with defaults filled in and every value checked. */
export interface PreparedDistilOptions {
  epochs: number;
  batchSize: number;
  optimizer: tf.Optimizer | undefined;
  learningRate: number;
  temperature: number;
  studentTemperature: number;
  hardLabelWeight: number;
  hardLabelLoss: HardLabelLoss | undefined;
  form: DistillationForm;
  scaleByTemperatureSquared: boolean;
  augment: AugmentFunction | undefined;
  shuffle: boolean;
  seed: number;
  validationData: DistilValidationData | undefined;
  onBatchEnd: DistilOptions['onBatchEnd'];
  onEpochEnd: DistilOptions['onEpochEnd'];
}

const FUNCTION_NAME = 'distil';

/** The keys of {@link DistilOptions}. */
const DISTIL_OPTION_KEYS = [
  'epochs',
  'batchSize',
  'optimizer',
  'learningRate',
  'temperature',
  'studentTemperature',
  'hardLabelWeight',
  'hardLabelLoss',
  'form',
  'scaleByTemperatureSquared',
  'augment',
  'shuffle',
  'seed',
  'validationData',
  'onBatchEnd',
  'onEpochEnd',
] as const;

/**
 * Normalises and checks the options of {@link distil}.
 * @internal
 */
export function prepareDistilOptions(options: unknown): PreparedDistilOptions {
  const record = readOptions(options, DISTIL_OPTION_KEYS, FUNCTION_NAME);
  const loss = prepareDistillationLossOptions(
    {
      temperature: record.temperature,
      studentTemperature: record.studentTemperature,
      hardLabelLoss: record.hardLabelLoss,
      form: record.form,
      scaleByTemperatureSquared: record.scaleByTemperatureSquared,
    },
    FUNCTION_NAME,
  );
  const optimizer = record.optimizer;
  if (optimizer !== undefined && typeof (optimizer as tf.Optimizer).minimize !== 'function') {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'options.optimizer',
      value: optimizer,
      expected: 'be a tf.Optimizer (e.g. tf.train.adam(1e-3))',
    });
  }
  const validationData = record.validationData as DistilValidationData | undefined;
  if (validationData !== undefined && (typeof validationData !== 'object' || validationData === null)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'options.validationData',
      value: validationData,
      expected: 'be { inputs, labels }',
    });
  }
  if (validationData !== undefined) {
    readOptions(validationData, ['inputs', 'labels'], FUNCTION_NAME, 'options.validationData');
  }
  return {
    epochs: checkNumber(record.epochs ?? 10, 'options.epochs', FUNCTION_NAME, { min: 1, integer: true }),
    batchSize: checkNumber(record.batchSize ?? 32, 'options.batchSize', FUNCTION_NAME, { min: 1, integer: true }),
    optimizer: optimizer as tf.Optimizer | undefined,
    learningRate: checkNumber(record.learningRate ?? 1e-3, 'options.learningRate', FUNCTION_NAME, {
      min: 0,
      minExclusive: true,
    }),
    temperature: loss.temperature,
    studentTemperature: loss.studentTemperature,
    hardLabelWeight: checkNumber(record.hardLabelWeight ?? 0, 'options.hardLabelWeight', FUNCTION_NAME, {
      min: 0,
      max: 1,
    }),
    hardLabelLoss: loss.hardLabelLoss,
    form: loss.form,
    scaleByTemperatureSquared: loss.scaleByTemperatureSquared,
    augment: checkFunction<AugmentFunction>(record.augment, 'options.augment', FUNCTION_NAME),
    shuffle: checkBoolean(record.shuffle, true, 'options.shuffle', FUNCTION_NAME),
    seed: checkNumber(record.seed ?? 0, 'options.seed', FUNCTION_NAME, {
      min: RandomSource.MIN_SEED,
      max: RandomSource.MAX_SEED,
      integer: true,
    }),
    validationData,
    onBatchEnd: checkFunction(record.onBatchEnd, 'options.onBatchEnd', FUNCTION_NAME),
    onEpochEnd: checkFunction(record.onEpochEnd, 'options.onEpochEnd', FUNCTION_NAME),
  };
}
