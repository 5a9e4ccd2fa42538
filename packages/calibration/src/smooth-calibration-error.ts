import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareSmoothCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { RowTable } from './internal/row-statistics';
import { gridResiduals, smoothError, smoothSeries, type SmoothSeries } from './internal/smooth-calibration';
import type { SmoothCalibrationErrorOptions } from './smooth-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/** The series of the top label (confidence against correctness), or of each class (p_k against 1{y = k}). */
function seriesOf(table: RowTable, classwise: boolean, gridSize: number): SmoothSeries[] {
  if (!classwise) {
    return [
      smoothSeries(
        table.rows,
        (row) => table.confidence[row] as number,
        (row) => table.correct[row] as number,
        gridSize,
      ),
    ];
  }
  const probabilities = table.probabilities as Float64Array;
  const { classes, labels } = table;
  return Array.from({ length: classes }, (_, k) =>
    smoothSeries(
      table.rows,
      (row) => probabilities[row * classes + k] as number,
      (row) => (labels[row] === k ? 1 : 0),
      gridSize,
    ),
  );
}

/**
 * Smooth ECE (Błasiok & Nakkiran 2023, *Smooth ECE: Principled Reliability Diagrams via Kernel Smoothing*): the
 * residuals r_i = y_i − f_i (top label: correctness minus confidence) smoothed by a reflected Gaussian kernel on
 * [0, 1], `smECE_σ = ∫₀¹ |(1/n) Σ_i K̃_σ(t, f_i) r_i| dt`, at the paper's bandwidth: the fixed point σ* with
 * smECE_σ* = σ*, found by bisection (20 halvings of [1/(gridSize − 1), 1], so σ* is known to 10⁻⁶; smECE_σ
 * decreases in σ). `bandwidth` fixes σ instead. `classwise: true` averages the smooth ECE of p_k against 1{y = k}
 * over the classes, each at its own fixed point.
 *
 * Discretisation (as relplot's): a grid of `gridSize` points t_j = j/(G − 1) (default 1001). Each residual is split
 * linearly between the two grid points around f_i, the smoothed residual is evaluated at the grid points with the
 * exact reflected kernel (every image of the folding of ℝ onto [0, 1]), and its absolute value integrated by the
 * trapezoid rule. `precision: 'float32'` takes the top-label confidences from the fused kernel pass; the classwise
 * form reads the probabilities in float64. With `bootstrap` it returns the percentile interval over resamples of the
 * rows (a `MetricInterval`), the fixed point found again on each resample.
 *
 * @example
 * ```ts
 * import { smoothCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4], [0.2, 0.8], [0.7, 0.3]];
 * const labels = [0, 1, 1, 0, 1, 1];
 * console.log(smoothCalibrationError({ probabilities }, labels)); // ≈ 0.116, at σ* ≈ 0.116
 * console.log(smoothCalibrationError({ probabilities }, labels, { bandwidth: 0.05 })); // ≈ 0.186: less smoothing
 * console.log(smoothCalibrationError({ probabilities }, labels, { classwise: true, gridSize: 201 })); // ≈ 0.25
 * const interval = smoothCalibrationError({ probabilities }, labels, { bootstrap: { resamples: 50 } });
 * console.log(interval.low <= interval.high); // true
 * ```
 */
export function smoothCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<SmoothCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function smoothCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: SmoothCalibrationErrorOptions,
): number;
export function smoothCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: SmoothCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function smoothCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: SmoothCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareSmoothCalibrationErrorOptions(options);
  const { classwise, precision, gridSize, bandwidth, bootstrap } = prepared;
  const rows = readLabelledInput(
    input,
    labels,
    'smoothCalibrationError',
    prepared.distributionTolerance,
    !classwise && usesFusedPass(precision),
    prepared.ignoreIndex,
  );
  const series = seriesOf(rowTableOf(rows, classwise ? 'classwise' : 'top-label', precision), classwise, gridSize);
  const statistic = (weights: Int32Array | null): number => {
    let total = 0;
    for (const one of series) total += smoothError(gridResiduals(one, weights, gridSize), bandwidth)[0];
    return total / series.length;
  };
  warnIfProbabilities(rows);
  return bootstrap === undefined ? statistic(null) : bootstrapInterval(rows.rows, statistic, bootstrap);
}
