import type { AugmentFunction } from './augment-function';

/**
 * Options of {@link estimateLogitMutualInformation}.
 *
 * @example
 * ```ts
 * import { cropAndFlip, type EstimateLogitMutualInformationOptions } from '@softlabels/distillation';
 *
 * const options: EstimateLogitMutualInformationOptions = { classes: [0, 5], augment: cropAndFlip(), draws: 5 };
 * console.log(options.classes); // [0, 5]
 * ```
 */
export interface EstimateLogitMutualInformationOptions {
  /** The two classes `[a, b]` whose logit difference `z_a − z_b` is measured (e.g. airplane and dog). */
  classes: readonly [number, number];
  /** The random augmentation d(·), e.g. {@link cropAndFlip}. Required: without randomness σ² is 0. */
  augment: AugmentFunction;
  /** L, the number of draws per example for μ_x and σ² (integer ≥ 2). Default 5, as in the paper. */
  draws?: number;
  /** Seed of the augmentation's random source: a 32-bit signed integer (see `RandomSource`). Default 0. */
  seed?: number;
  /** Batch size of `model.predict`. Default 256. */
  batchSize?: number;
}
