import type { ClassVector } from './class-vector';
import type { FocalGamma } from './focal-loss-options';

/** Options of `focalLossForFit`. */
export interface FocalLossForFitOptions {
  /** The focusing parameter γ (default 2), as in `focalLoss`: a number ≥ 0, `'flsd-53'` or a function of p_y. */
  gamma?: FocalGamma;
  /** One non-negative weight α_k per class (default all 1), as in `focalLoss`. */
  alpha?: ClassVector;
  /** Label smoothing ε in [0, 1] on the targets first (default 0), as in `focalLoss`. */
  epsilon?: number;
  /** `'mean'` (default) or `'sum'` over the batch: tfjs-layers needs a scalar. */
  reduction?: 'mean' | 'sum';
  /**
   * `true` (default): `yPred` holds logits (a final Dense layer without activation). `false`: `yPred` holds
   * probabilities (a softmax output); they are clipped to [1e-7, 1] and their log is used as logits, which is exact
   * for normalised rows since softmax(log p) = p.
   */
  fromLogits?: boolean;
  /** Host-side NaN and label-range scans on every call (default true); `false` for speed. */
  checks?: boolean;
}
