import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';
import type { CalibrationBinning, CalibrationNorm } from './types';

/** Options of `expectedCalibrationError`. */
export interface ExpectedCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /** Number of bins M (default 15, as in Guo et al. and the paper, at most 10⁶). */
  bins?: number;
  /** How bin gaps are combined (default `'l1'`: ECE). */
  norm?: CalibrationNorm;
  /** Equal-width (default) or equal-mass bins. */
  binning?: CalibrationBinning;
}
