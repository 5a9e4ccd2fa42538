import type { LabelOptions } from './label-options';
import type { CalibrationPrecision } from './types';

/** Options of `fitTemperature`. */
export interface FitTemperatureOptions extends LabelOptions {
  /** Where the search starts (default 1). */
  initialTemperature?: number;
  /**
   * Smallest temperature allowed (default 0.01, at least 1e-4: `TEMPERATURE_RANGE`); the fit stops there, unconverged,
   * on separable data.
   */
  minTemperature?: number;
  /** Largest temperature allowed (default 100, at most 1e4). */
  maxTemperature?: number;
  /** Most passes over the logits (default 50). */
  maxIterations?: number;
  /**
   * Stop when a Newton step in log T is smaller than this (default 1e-9). With `precision: 'float32'` on the fused
   * kernel at least 1e-6: its float32 lanes resolve log T to about 1e-7.
   */
  tolerance?: number;
  /**
   * The arithmetic of each pass over the logits (default `'float64'`): see {@link CalibrationPrecision}. With
   * `'float32'` the logits are copied into kernel memory once and every probe is one fused pass; temperature ranges
   * wider than [e^−80, e^80] run the float64 pass.
   */
  precision?: CalibrationPrecision;
}
