/**
 * Options of {@link penultimateActivations}.
 *
 * @example
 * ```ts
 * import type { PenultimateActivationsOptions } from '@softlabels/vis';
 *
 * const options: PenultimateActivationsOptions = { batchSize: 128 };
 * console.log(options.batchSize); // 128
 * ```
 */
export interface PenultimateActivationsOptions {
  /** Examples per forward pass (default 256). Larger is faster and uses more memory. */
  batchSize?: number;
}
