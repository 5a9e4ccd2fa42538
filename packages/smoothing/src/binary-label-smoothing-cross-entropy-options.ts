import type { Reduction } from '@softlabels/core';

import type { ClassVector } from './class-vector';

/** Options of `binaryLabelSmoothingCrossEntropy`. */
export interface BinaryLabelSmoothingCrossEntropyOptions {
  /** Smoothing ε in [0, 1] (default 0.1): targets become y·(1−ε) + ε/2 (Keras/tfjs convention, towards 0.5). */
  epsilon?: number;
  /** `'mean'` over all elements (default), `'sum'`, or `'none'` (the logits' shape). */
  reduction?: Reduction;
  /**
   * Weight of the positive term, as PyTorch's `BCEWithLogitsLoss(pos_weight=…)`: one number, or one per entry of the
   * last axis (broadcast over the leading axes). Must be non-negative.
   */
  positiveWeight?: number | ClassVector;
  /** Scan logits and targets on the host for NaN/±Infinity and targets outside [0, 1] (default true). */
  checks?: boolean;
}
