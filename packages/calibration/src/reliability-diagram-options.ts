import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';
import type { CalibrationBinning } from './types';

/** Options of `reliabilityDiagram`. */
export interface ReliabilityDiagramOptions extends InputOptions, LabelOptions {
  /** Number of bins M (default 15, at most 10⁶). */
  bins?: number;
  /** Equal-width (default) or equal-mass bins (top label only). */
  binning?: CalibrationBinning;
  /**
   * Draw the one-vs-rest diagram of this class (p_k against 1{y = k}, what scikit-learn's `calibration_curve` shows
   * for class 1 of a binary problem) instead of the top-label one. Equal-width bins only; its per-class sums come from
   * the float64 pass under either `precision`.
   */
  classIndex?: number;
  /**
   * Give each bin the Wilson score interval of its accuracy, `accuracyLow` and `accuracyHigh`, at coverage `level`
   * (default 0.95, strictly between 0 and 1). A bin's accuracy is a proportion of its rows, and Wilson's interval
   * keeps good coverage for small bins and accuracies near 0 or 1, where the normal (Wald) interval collapses; it
   * treats the bin's rows as given (no bootstrap of the binning).
   */
  intervals?: { level?: number };
}
