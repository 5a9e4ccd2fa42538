import type { ClassVector } from './class-vector';

/** Options of `labelSmoothingLoss`. */
export interface LabelSmoothingLossOptions {
  /** Smoothing ε in [0, 1] (default 0.1), as in `labelSmoothingCrossEntropy`. */
  epsilon?: number;
  /** `'mean'` (default) or `'sum'` over the batch: tfjs-layers needs a scalar. */
  reduction?: 'mean' | 'sum';
  /** One non-negative weight per class (PyTorch semantics, see `labelSmoothingCrossEntropy`). */
  classWeights?: ClassVector;
  /** A distribution over the classes to smooth towards (uniform by default). */
  prior?: ClassVector;
  /**
   * `true` (default): `yPred` holds logits (a final Dense layer without activation). `false`: `yPred` holds
   * probabilities (a softmax output); they are clipped to [1e-7, 1] and their log is used as logits, which is exact
   * for normalised rows since softmax(log p) = p.
   */
  fromLogits?: boolean;
  /** Host-side NaN and label-range scans on every call (default true); `false` for speed. */
  checks?: boolean;
}
