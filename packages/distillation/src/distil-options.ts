import type * as tf from '@tensorflow/tfjs-core';
import type { TensorInput } from '@softlabels/core';

import type { AugmentFunction } from './augment-function';
import type { DistillationForm, HardLabelLoss } from './distillation-loss-options';

/**
 * Progress after one training step of {@link distil}.
 *
 * @example
 * ```ts
 * import type { DistilProgress } from '@softlabels/distillation';
 *
 * const progress: DistilProgress = { epoch: 0, batch: 3, batches: 8, loss: 0.5, fraction: 0.2 };
 * console.log(`${Math.round(100 * progress.fraction)}%`); // 20%
 * ```
 */
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

/**
 * Metrics of one epoch of {@link distil}.
 *
 * @example
 * ```ts
 * import type { DistilEpochMetrics } from '@softlabels/distillation';
 *
 * const metrics: DistilEpochMetrics = { epoch: 2, loss: 0.31, teacherAgreement: 0.94, validationAccuracy: 0.88 };
 * console.log(metrics.teacherAgreement); // 0.94
 * ```
 */
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

/**
 * Held-out data on which {@link distil} reports the student's accuracy after every epoch.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import type { DistilValidationData } from '@softlabels/distillation';
 *
 * const validation: DistilValidationData = { inputs: tf.zeros([2, 4]), labels: [1, 0] };
 * console.log(validation.inputs.shape); // [2, 4]
 * validation.inputs.dispose();
 * ```
 */
export interface DistilValidationData {
  /** `[M, ...]` inputs. */
  inputs: tf.Tensor;
  /** `[M]` integer class indices. */
  labels: TensorInput;
}

/**
 * Options of {@link distil}.
 *
 * @example
 * ```ts
 * import type { DistilOptions } from '@softlabels/distillation';
 *
 * const options: DistilOptions = { epochs: 20, temperature: 4, studentTemperature: 1, hardLabelWeight: 0 };
 * console.log(options.temperature); // 4
 * ```
 */
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
  /** `hardLabelWeight` ∈ [0, 1], the weight of the hard-label term (needs `data.labels`). Default 0, the paper's β = 1. */
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
  /** Seed for shuffling and augmentation: a 32-bit signed integer (see `RandomSource`). Default 0. */
  seed?: number;
  /** Held-out data for a per-epoch accuracy. */
  validationData?: DistilValidationData;
  /** Called after every training step. */
  onBatchEnd?: (progress: DistilProgress) => void | Promise<void>;
  /** Called after every epoch with its metrics. */
  onEpochEnd?: (metrics: DistilEpochMetrics) => void | Promise<void>;
}
