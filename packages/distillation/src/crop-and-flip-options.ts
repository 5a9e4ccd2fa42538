/**
 * Options of {@link cropAndFlip}.
 *
 * @example
 * ```ts
 * import type { CropAndFlipOptions } from '@softlabels/distillation';
 *
 * const options: CropAndFlipOptions = { padding: 2, flipProbability: 0.5 };
 * console.log(options.padding); // 2
 * ```
 */
export interface CropAndFlipOptions {
  /** Zero padding before the random crop (integer ≥ 0). Default 4, as in the paper's CIFAR setting. */
  padding?: number;
  /** Probability of a horizontal flip, in [0, 1]. Default 0.5. */
  flipProbability?: number;
}
