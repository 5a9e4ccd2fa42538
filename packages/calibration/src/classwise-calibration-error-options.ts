import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';
import type { CalibrationNorm } from './types';

/**
 * Options of `classwiseCalibrationError` (equal-width bins per class). Its per-class sums come from the float64 pass
 * under either `precision`: the fused kernel gives top-label statistics only.
 */
export interface ClasswiseCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /** Number of bins M (default 15, at most 10⁶). */
  bins?: number;
  /** How bin gaps are combined within each class (default `'l1'`). */
  norm?: CalibrationNorm;
}
