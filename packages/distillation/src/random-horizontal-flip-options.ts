import type { RandomSource } from '@softlabels/core';

/**
 * Options of {@link randomHorizontalFlip}.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import type { RandomHorizontalFlipOptions } from '@softlabels/distillation';
 *
 * const options: RandomHorizontalFlipOptions = { probability: 0.5, random: new RandomSource(7) };
 * console.log(options.probability); // 0.5
 * ```
 */
export interface RandomHorizontalFlipOptions {
  /** Probability that an image is mirrored, in [0, 1]. Default 0.5. */
  probability?: number;
  /** The seeded source of the coin flips. */
  random: RandomSource;
}
