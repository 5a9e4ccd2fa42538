import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';
import type { CalibrationBinning } from './types';

/** Options of `debiasedCalibrationError`. */
export interface DebiasedCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /** Number of bins M (default 15, at most 10⁶). */
  bins?: number;
  /** Equal-width (default) or equal-mass bins. */
  binning?: CalibrationBinning;
}
