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
}
