import type * as tf from '@tensorflow/tfjs-core';
import { checkNumber, InvalidArgumentError, type TensorInput } from '@softlabels/core';

import type { AugmentFunction } from '../crop-and-flip';
import { checkBoolean, checkFunction, checkOptionsObject } from './check-options-object';
import {
  type DistillationForm,
  type HardLabelLoss,
  prepareDistillationLossOptions,
} from './prepare-distillation-loss-options';

/** Progress after one training step of {@link distil}. */
export interface DistilProgress {
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** The batch's mean loss. */
  loss: number;
  /** Share of all training steps done, in (0, 1]. */
  fraction: number;
}

/** Metrics of one epoch of {@link distil}. */
export interface DistilEpochMetrics {
  /** 0-based epoch. */
  epoch: number;
  /** Mean distillation loss over the epoch's examples. */
  loss: number;
  /** Share of the epoch's examples on which the student's argmax (training-mode outputs) equals the teacher's. */
  teacherAgreement: number;
  /** Student accuracy on `options.validationData` after the epoch, when given. */
  validationAccuracy?: number;
}

/** Held-out data on which {@link distil} reports the student's accuracy after every epoch. */
export interface DistilValidationData {
  /** `[M, ...]` inputs. */
  inputs: tf.Tensor;
  /** `[M]` integer class indices. */
  labels: TensorInput;
}

/** Options of {@link distil}. */
export interface DistilOptions {
  /** Passes over the transfer set (integer ≥ 1). Default 10. */
  epochs?: number;
  /** Examples per training step (integer ≥ 1). Default 32. */
  batchSize?: number;
  /** The optimizer; it stays yours (not disposed). Default: Adam with `learningRate`, disposed at the end. */
  optimizer?: tf.Optimizer;
  /** Learning rate of the default Adam optimizer (> 0). Default 1e-3. */
  learningRate?: number;
  /** Teacher temperature T (> 0). Default 1. */
  temperature?: number;
  /** Student temperature T_s (> 0) in the soft term. Default `temperature`; the paper's experiments use 1. */
  studentTemperature?: number;
  /** α ∈ [0, 1], the weight of the hard-label term (needs `data.labels`). Default 0, the paper's β = 1. */
  hardLabelWeight?: number;
  /** The hard-label term, e.g. a label-smoothed cross-entropy. Default plain cross-entropy. */
  hardLabelLoss?: HardLabelLoss;
  /** `'kl'` (default) or `'cross-entropy'`. */
  form?: DistillationForm;
  /** Multiply the soft term by T_s². Default true. */
  scaleByTemperatureSquared?: boolean;
  /**
   * Random augmentation applied to every batch; the teacher then sees the same augmented batch as the student and
   * its logits are recomputed per batch. Without it the teacher's logits are computed once and cached.
   */
  augment?: AugmentFunction;
  /** Shuffle the transfer set every epoch. Default true. */
  shuffle?: boolean;
  /** Seed for shuffling and augmentation. Default 0. */
  seed?: number;
  /** Held-out data for a per-epoch accuracy. */
  validationData?: DistilValidationData;
  /** Called after every training step. */
  onBatchEnd?: (progress: DistilProgress) => void | Promise<void>;
  /** Called after every epoch with its metrics. */
  onEpochEnd?: (metrics: DistilEpochMetrics) => void | Promise<void>;
}

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

/**
 * Normalises and checks the options of {@link distil}.
 * @internal
 */
export function prepareDistilOptions(options: unknown): PreparedDistilOptions {
  const record = checkOptionsObject(options, 'options', FUNCTION_NAME);
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
    seed: checkNumber(record.seed ?? 0, 'options.seed', FUNCTION_NAME, { integer: true }),
    validationData,
    onBatchEnd: checkFunction(record.onBatchEnd, 'options.onBatchEnd', FUNCTION_NAME),
    onEpochEnd: checkFunction(record.onEpochEnd, 'options.onEpochEnd', FUNCTION_NAME),
  };
}
