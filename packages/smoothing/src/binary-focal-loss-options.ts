import type { Reduction } from '@softlabels/core';

/**
 * Options of `binaryFocalLoss`. `R` is the reduction the options allow: by default `'mean' | 'sum'`, so the result is
 * a `tf.Scalar`; write `BinaryFocalLossOptions<'none'>` for element-wise losses, or `BinaryFocalLossOptions<Reduction>`
 * when the reduction is only known at run time (the result is then typed `tf.Tensor`).
 */
export interface BinaryFocalLossOptions<R extends Reduction = 'mean' | 'sum'> {
  /** The focusing parameter γ ≥ 0 (default 2, torchvision's); γ = 0 with no α is the binary cross-entropy. */
  gamma?: number;
  /**
   * The balance α in [0, 1] (default 0.25, torchvision's): positives are weighted by α and negatives by 1 − α, soft
   * targets by α·t + (1 − α)·(1 − t). `null` or `-1` (torchvision's "ignore") weights every term by 1.
   */
  alpha?: number | null;
  /** `'mean'` over all elements (default), `'sum'`, or `'none'` (the logits' shape). */
  reduction?: R;
  /**
   * Check logits and targets for NaN/±Infinity and targets outside [0, 1] (default true); each check reads back to
   * the host. `false` skips them; invalid input then gives unspecified results.
   */
  checks?: boolean;
}
