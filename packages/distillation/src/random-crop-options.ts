import type { RandomSource } from '@softlabels/core';

/**
 * Options of {@link randomCrop}.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import type { RandomCropOptions } from '@softlabels/distillation';
 *
 * const options: RandomCropOptions = { padding: 4, random: new RandomSource(7) };
 * console.log(options.padding); // 4
 * ```
 */
export interface RandomCropOptions {
  /** Zero padding added on every side before cropping back to the original size (integer ≥ 0). Default 4. */
  padding?: number;
  /** The seeded source of the crop offsets. */
  random: RandomSource;
}
