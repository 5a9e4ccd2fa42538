import type { CalibrationPrecision } from './types';

/** Options every calibration metric shares: how probabilities are checked and which arithmetic runs. */
export interface InputOptions {
  /**
   * How far `probabilities` may stray from a distribution: entries in [−tol, 1 + tol], row sums within tol of 1.
   * Default 1e-3 (float32 softmax outputs of 10k classes stay well inside it).
   */
  distributionTolerance?: number;
  /** The arithmetic the metric runs in (default `'float64'`): see {@link CalibrationPrecision}. */
  precision?: CalibrationPrecision;
}
