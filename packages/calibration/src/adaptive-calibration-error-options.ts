import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';
import type { CalibrationNorm } from './types';

/** Options of `adaptiveCalibrationError` (always equal-mass bins). */
export interface AdaptiveCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /** Number of bins M (default 15, at most 10⁶). */
  bins?: number;
  /** How bin gaps are combined (default `'l1'`). */
  norm?: CalibrationNorm;
}
