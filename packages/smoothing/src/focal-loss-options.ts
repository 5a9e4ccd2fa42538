import type * as tf from '@tensorflow/tfjs-core';
import type { Reduction } from '@softlabels/core';

import type { ClassVector } from './class-vector';

/**
 * A γ computed per row from the rows' true-class probabilities: it receives p_y `[N]` (float32, one entry per row of
 * the logits flattened to `[N, C]`, the leading axes in row-major order) and returns γ `[N]` (or a scalar tensor for
 * every row), each ≥ 0. It is called once per loss call, inside the loss's `tf.tidy`, and γ is held constant under
 * differentiation (as FLSD-53's step function is).
 */
export type FocalGammaFunction = (trueClassProbability: tf.Tensor1D) => tf.Tensor;

/**
 * The focusing parameter γ: a number ≥ 0; `'flsd-53'`, the sample-dependent schedule of Mukhoti et al. 2020 (γ = 5
 * for rows whose true-class probability is below 0.2, else 3); or a {@link FocalGammaFunction}.
 */
export type FocalGamma = number | 'flsd-53' | FocalGammaFunction;

/**
 * Options of `focalLoss`. `R` is the reduction the options allow: by default `'mean' | 'sum'`, so the result is a
 * `tf.Scalar`; write `FocalLossOptions<'none'>` for per-row losses, or `FocalLossOptions<Reduction>` when the
 * reduction is only known at run time (the result is then typed `tf.Tensor`).
 */
export interface FocalLossOptions<R extends Reduction = 'mean' | 'sum'> {
  /** The focusing parameter γ (default 2): a number ≥ 0 (0 gives cross-entropy), `'flsd-53'` or a function of p_y. */
  gamma?: FocalGamma;
  /** One non-negative weight α_k per class (default all 1); it scales the class's terms, not `'mean'`'s divisor. */
  alpha?: ClassVector;
  /**
   * Label smoothing ε in [0, 1] (default 0) applied to the targets first, as Keras' `CategoricalFocalCrossentropy`
   * does: t becomes t·(1 − ε) + ε/C.
   */
  epsilon?: number;
  /**
   * `'mean'` (default) divides the summed loss by the number of rows that are not ignored (NaN when there are none);
   * `'sum'`; `'none'` returns one loss per row, shape `[...]`.
   */
  reduction?: R;
  /** Index targets only: rows whose label equals this integer contribute nothing (nothing is ignored by default). */
  ignoreIndex?: number;
  /**
   * Check logits (and probability targets) for NaN/±Infinity, labels for out-of-range or non-integer indices and the
   * γ a function returns for negative or non-finite values (default true); each check reads back to the host.
   * `false` skips them; invalid input then gives unspecified results.
   */
  checks?: boolean;
}
