import type { Reduction } from '@softlabels/core';

import type { ClassVector } from './class-vector';

/**
 * Options of `binaryLabelSmoothingCrossEntropy`. `R` is the reduction the options allow: by default `'mean' | 'sum'`,
 * so options stored in a variable of this type give a `tf.Scalar`; write
 * `BinaryLabelSmoothingCrossEntropyOptions<'none'>` for element-wise losses, or `<Reduction>` when the reduction is
 * only known at run time (the result is then typed `tf.Tensor`).
 */
export interface BinaryLabelSmoothingCrossEntropyOptions<R extends Reduction = 'mean' | 'sum'> {
  /** Smoothing ε in [0, 1] (default 0.1): targets become y·(1−ε) + ε/2 (Keras/tfjs convention, towards 0.5). */
  epsilon?: number;
  /** `'mean'` over all elements (default), `'sum'`, or `'none'` (the logits' shape). */
  reduction?: R;
  /**
   * Weight of the positive term, as PyTorch's `BCEWithLogitsLoss(pos_weight=…)`: one number, or one per entry of the
   * last axis (broadcast over the leading axes). Must be non-negative.
   */
  positiveWeight?: number | ClassVector;
  /** Scan logits and targets on the host for NaN/±Infinity and targets outside [0, 1] (default true). */
  checks?: boolean;
}
