import type { Reduction } from '@softlabels/core';

import type { ClassVector } from './class-vector';

/**
 * Options of `confidencePenaltyCrossEntropy`. `R` is the reduction the options allow, as in
 * `LabelSmoothingCrossEntropyOptions`: by default `'mean' | 'sum'` (the result is a `tf.Scalar`); write
 * `ConfidencePenaltyCrossEntropyOptions<'none'>` for per-row losses, or `ConfidencePenaltyCrossEntropyOptions<Reduction>`
 * when the reduction is only known at run time (the result is then typed `tf.Tensor`).
 */
export interface ConfidencePenaltyCrossEntropyOptions<R extends Reduction = 'mean' | 'sum'> {
  /**
   * Strength β ≥ 0 of the confidence penalty (default 0.1, inside the range Pereyra et al. 2017 searched): the loss
   * is cross-entropy − β·H(p), so a larger β rewards spread-out predictions more. β = 0 gives exactly
   * `labelSmoothingCrossEntropy` with the same options.
   */
  beta?: number;
  /**
   * Label smoothing ε in [0, 1] on the targets, as `labelSmoothingCrossEntropy` applies it (PyTorch's
   * `label_smoothing`). Default 0: the plain confidence penalty of the paper.
   */
  epsilon?: number;
  /**
   * `'mean'` (default): the cross-entropy's PyTorch mean (divided by Σ w_{y_n} over rows that are not ignored for index
   * targets, by the number of rows for probability targets) minus β times the mean entropy over the rows that are not
   * ignored; `'sum'`: the sum over rows of cross-entropy − β·H; `'none'`: one loss per row, shape `[...]`.
   */
  reduction?: R;
  /**
   * One non-negative weight per class (PyTorch's `weight`). It weights the cross-entropy term only, exactly as in
   * `labelSmoothingCrossEntropy`; the entropy penalty is a property of the prediction, not of the label, and stays
   * unweighted.
   */
  classWeights?: ClassVector;
  /**
   * Index targets only: rows whose label equals this integer contribute nothing, neither cross-entropy nor penalty
   * (PyTorch's `ignore_index`; here nothing is ignored unless you set it).
   */
  ignoreIndex?: number;
  /**
   * Check logits (and probability targets) for NaN/±Infinity and labels for out-of-range or non-integer indices
   * (default true). `false` skips these checks; invalid input then gives unspecified results.
   */
  checks?: boolean;
}
