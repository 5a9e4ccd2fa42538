import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';

/** Options of `ksCalibrationError`. */
export interface KsCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /**
   * `false` (default): top label, the confidence of the argmax against its correctness. `true`: for every class k,
   * the KS error of p_k against 1{y = k} (one-vs-rest), averaged over the K classes.
   */
  classwise?: boolean;
}
