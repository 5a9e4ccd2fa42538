import type { ClassVector } from './class-vector';

/** Options of `confidencePenaltyLoss`. */
export interface ConfidencePenaltyLossOptions {
  /** Strength β ≥ 0 of the penalty (default 0.1), as in `confidencePenaltyCrossEntropy`. */
  beta?: number;
  /** Label smoothing ε in [0, 1] of the cross-entropy term (default 0), as in `confidencePenaltyCrossEntropy`. */
  epsilon?: number;
  /** `'mean'` (default) or `'sum'` over the batch: tfjs-layers needs a scalar. */
  reduction?: 'mean' | 'sum';
  /** One non-negative weight per class for the cross-entropy term (PyTorch semantics; the entropy is unweighted). */
  classWeights?: ClassVector;
  /**
   * `true` (default): `yPred` holds logits (a final Dense layer without activation). `false`: `yPred` holds
   * probabilities (a softmax output); they are clipped to [1e-7, 1] and their log is used as logits, which is exact
   * for normalised rows since softmax(log p) = p.
   */
  fromLogits?: boolean;
  /** Host-side NaN and label-range scans on every call (default true); `false` for speed. */
  checks?: boolean;
}
