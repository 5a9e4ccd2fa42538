import type { Reduction } from '@softlabels/core';

import type { ClassVector } from './class-vector';

/**
 * Options of `labelSmoothingCrossEntropy`. `R` is the reduction the options allow: by default `'mean' | 'sum'`, so
 * options stored in a variable typed `LabelSmoothingCrossEntropyOptions` still give a `tf.Scalar` (what
 * `optimizer.minimize` takes); write `LabelSmoothingCrossEntropyOptions<'none'>` for per-row losses, or
 * `LabelSmoothingCrossEntropyOptions<Reduction>` when the reduction is only known at run time (the result is then
 * typed `tf.Tensor`).
 */
export interface LabelSmoothingCrossEntropyOptions<R extends Reduction = 'mean' | 'sum'> {
  /**
   * Smoothing ε in [0, 1] (default 0.1), the paper's convention: the target becomes (1−ε)·y + ε·prior, so the true
   * class gets 1−ε+ε/C under the uniform prior (PyTorch's `label_smoothing`).
   */
  epsilon?: number;
  /**
   * `'mean'` (default) divides the summed loss by Σ w_{y_n} over non-ignored rows for index targets, and by the number
   * of rows for probability targets (PyTorch's rules); `'sum'`; `'none'` returns one loss per row, shape `[...]`.
   */
  reduction?: R;
  /** One non-negative weight per class (PyTorch's `weight`); it scales both the NLL and the smoothing term. */
  classWeights?: ClassVector;
  /**
   * Index targets only: rows whose label equals this integer contribute nothing (PyTorch's `ignore_index`, which
   * defaults to −100 there; here nothing is ignored unless you set it). It may be a valid class index.
   */
  ignoreIndex?: number;
  /** A distribution over the C classes to smooth towards instead of the uniform one. */
  prior?: ClassVector;
  /**
   * Check logits (and probability targets) for NaN/±Infinity and labels for out-of-range or non-integer indices
   * (default true). Where the fused kernel is registered (`wasm`, `cpu`) it finds non-finite rows in its own pass
   * (free on valid input); elsewhere the finiteness check reduces on the device and reads back one number. Labels are
   * read to the host. `false` skips these checks for speed; invalid input then gives unspecified results.
   */
  checks?: boolean;
}
