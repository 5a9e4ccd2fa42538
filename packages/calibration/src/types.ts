import type { TensorInput } from '@softlabels/core';

/**
 * What a calibration metric reads: either raw scores (`logits`; softmax in float64 on the host for float64 input, in
 * the fused float32 kernel for float32 tensors and arrays on `wasm`/`cpu`) or
 * `probabilities` (rows that sum to 1). Never guessed from the value range. Shape `[..., K]`; a flat typed array or
 * flat number array is read as `N` rows of `K = length / N` values, `N` being the number of labels.
 */
export type CalibrationInput =
  { logits: TensorInput; probabilities?: undefined } | { probabilities: TensorInput; logits?: undefined };

/** Integer class indices, one per row: a tensor, a (nested) number array or a typed array. */
export type LabelsInput = TensorInput;

/** How per-bin gaps are combined: `l1` = ECE (weighted mean), `l2` = RMS calibration error, `max` = MCE. */
export type CalibrationNorm = 'l1' | 'l2' | 'max';

/**
 * `uniform`: equal-width bins `((m−1)/M, m/M]`, 0 in the first bin. `quantile`: equal-mass bins whose edges are the
 * largest value of each of M equal rank chunks; tied values always share a bin (so a bin may stay empty).
 */
export type CalibrationBinning = 'uniform' | 'quantile';
