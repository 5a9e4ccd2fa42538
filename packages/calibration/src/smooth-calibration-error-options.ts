import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';

/** Options of `smoothCalibrationError`. */
export interface SmoothCalibrationErrorOptions<B extends BootstrapOptions | undefined = undefined>
  extends InputOptions, LabelOptions, BootstrapOption<B> {
  /**
   * The kernel width σ: `'auto'` (default) for Błasiok & Nakkiran's fixed point σ* = smECE_σ*, found by bisection, or
   * a number from one grid step, 1/(gridSize − 1), to 1.
   */
  bandwidth?: number | 'auto';
  /**
   * Grid points G on [0, 1] (default 1001, spacing 0.001; from 3 to 10⁵): residuals are split linearly onto them, the
   * smoothed residual is evaluated and integrated (trapezoid rule) over them. One evaluation of smECE_σ costs about
   * G × min(G, 3/σ) multiply-adds (the kernel is applied in the grid's cosine basis), and `'auto'` takes 21. A
   * coarser grid is faster and moves the result by O((1/((G − 1)σ))²) relative.
   */
  gridSize?: number;
  /**
   * `false` (default): top label, the confidence of the argmax against its correctness. `true`: for every class k,
   * smECE of p_k against 1{y = k} with its own fixed-point bandwidth, averaged over the K classes.
   */
  classwise?: boolean;
}
