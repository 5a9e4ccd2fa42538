/** Result of `fitTemperature`. */
export interface TemperatureFit {
  /** The fitted temperature T > 0; calibrated logits are `z / T`. */
  temperature: number;
  /** Mean NLL of the labels at T = 1. */
  nllBefore: number;
  /** Mean NLL at the fitted T (never above `nllBefore` when 1 lies inside the allowed range). */
  nllAfter: number;
  /** Passes over the logits, the one at T = 1 included. */
  iterations: number;
  /**
   * True when a Newton step in log T fell below `options.tolerance` (or the gradient vanished). False when the optimum
   * lies on or beyond `minTemperature` / `maxTemperature` (separable data drive T towards 0) or `maxIterations` ran out.
   */
  converged: boolean;
}
