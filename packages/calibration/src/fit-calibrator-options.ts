import type { LabelOptions } from './label-options';

/** The post-hoc calibration methods of {@link fitCalibrator}; the package README's table says when to use each. */
export type CalibratorMethod =
  'temperature' | 'vector' | 'matrix' | 'dirichlet' | 'histogram' | 'isotonic' | 'platt' | 'beta';

/** Options every method takes. */
export interface CalibratorFitOptions extends LabelOptions {
  /**
   * How far `probabilities` may stray from a distribution: entries in [−tol, 1 + tol], row sums within tol of 1
   * (default 1e-3).
   */
  distributionTolerance?: number;
}

/** Options of the methods fitted by an iterative optimiser (all but `'histogram'` and `'isotonic'`). */
export interface IterativeFitOptions extends CalibratorFitOptions {
  /** Most optimiser iterations; the fit reports `converged: false` when they run out. */
  maxIterations?: number;
  /**
   * The stopping tolerance of the method's optimiser: for temperature scaling the Newton step in log T (default
   * 1e-9, as `fitTemperature`), for the other methods the largest entry of the gradient of the objective (mean NLL per
   * row, plus the regulariser). Each method's default is in the package README's table.
   */
  tolerance?: number;
}

/** One iteration of a map fit's optimiser, as `onIteration` reports it. */
export interface FitIteration {
  /** The iteration's number, from 1 (L-BFGS and the Newton steps that may finish a fit counted together). */
  iteration: number;
  /** The objective after it: mean NLL per row, plus the regulariser. */
  objective: number;
  /** The gradient's largest entry after it: what the fit compares with `tolerance`. */
  gradient: number;
}

/** Options of the methods that fit a map of many parameters by L-BFGS (`'vector'`, `'matrix'`, `'dirichlet'`). */
export interface MapFitOptions extends IterativeFitOptions {
  /**
   * Called after each iteration (a fit of a million parameters takes minutes): for progress, or to log the descent.
   * An error it throws ends the fit and reaches the caller.
   */
  onIteration?: (progress: FitIteration) => void;
}

/**
 * Off-diagonal and intercept regularisation (ODIR, Kull et al. 2019) of matrix scaling and Dirichlet calibration:
 * `offDiagonal · Σ_{i≠j} W_ij² / (K(K − 1)) + intercept · Σ_j b_j² / K` is added to the mean NLL. Both default to 0:
 * the unregularised maximum-likelihood fit.
 */
export interface RegularizationOptions {
  /** λ, the weight of the off-diagonal entries of W (default 0). */
  offDiagonal?: number;
  /** μ, the weight of the intercepts b (default 0). */
  intercept?: number;
}

/** Options of `'matrix'` and `'dirichlet'`. */
export interface LinearFitOptions extends MapFitOptions {
  /** ODIR regularisation (default none). */
  regularization?: RegularizationOptions;
}

/** Options of `'histogram'`. */
export interface HistogramBinningOptions extends CalibratorFitOptions {
  /** Number of bins of each class's probability (default 15). */
  bins?: number;
  /** `'uniform'` (default): equal-width bins; `'quantile'`: equal-mass bins. */
  binning?: 'uniform' | 'quantile';
}

/** The options {@link fitCalibrator} takes for each method. */
export interface CalibratorOptionsByMethod {
  temperature: IterativeFitOptions;
  vector: MapFitOptions;
  matrix: LinearFitOptions;
  dirichlet: LinearFitOptions;
  histogram: HistogramBinningOptions;
  isotonic: CalibratorFitOptions;
  platt: IterativeFitOptions;
  beta: IterativeFitOptions;
}
