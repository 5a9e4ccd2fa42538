import type { InputOptions } from './input-options';

/**
 * Options of `CalibrationAccumulator`. Its state holds per-class sums and the Brier sum, which the fused kernel does not
 * give: updates run the float64 pass under either `precision`.
 */
export interface CalibrationAccumulatorOptions extends InputOptions {
  /** Number of equal-width bins M (default 15, at most 10⁶). */
  bins?: number;
}
