import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { ksError, ksSeries, type KsSeries } from './internal/ks-calibration';
import { prepareKsCalibrationErrorOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { RowTable } from './internal/row-statistics';
import type { KsCalibrationErrorOptions } from './ks-calibration-error-options';
import type { CalibrationInput, LabelsInput } from './types';

/** The series of the top label (confidence against correctness), or of each class (p_k against 1{y = k}). */
function seriesOf(table: RowTable, classwise: boolean): KsSeries[] {
  if (!classwise) {
    return [
      ksSeries(
        table.rows,
        (row) => table.confidence[row] as number,
        (row) => table.correct[row] as number,
      ),
    ];
  }
  const probabilities = table.probabilities as Float64Array;
  const { classes, labels } = table;
  return Array.from({ length: classes }, (_, k) =>
    ksSeries(
      table.rows,
      (row) => probabilities[row * classes + k] as number,
      (row) => (labels[row] === k ? 1 : 0),
    ),
  );
}

/**
 * Binning-free KS calibration error (Gupta et al. 2021, *Calibration of Neural Networks using Splines*): rows sorted
 * by top-label confidence, the cumulative sums of (correct − confidence)/N, and their largest absolute value — the
 * Kolmogorov–Smirnov distance between the cumulative accuracy and confidence curves, in [0, 1]. Tied confidences form
 * one step (the sums are read after the last row of each group of equal confidences), so the result does not depend
 * on the order of tied rows. `classwise: true` averages, over the classes, the same distance for p_k against
 * 1{y = k} (one-vs-rest: every row takes part in every class). `precision: 'float32'` takes the top-label confidences
 * from the fused kernel pass; the classwise form reads the probabilities in float64. With `bootstrap` it returns the
 * percentile interval over resamples of the rows (a `MetricInterval`); the rows are sorted once.
 *
 * @example
 * ```ts
 * import { ksCalibrationError } from '@softlabels/calibration';
 *
 * const probabilities = [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]];
 * // Sorted confidences 0.6, 0.7, 0.8, 0.9 with correctness 1, 1, 0, 1: sums 0.4, 0.7, −0.1, 0 over 4.
 * console.log(ksCalibrationError({ probabilities }, [0, 1, 1, 0])); // 0.175
 * console.log(ksCalibrationError({ probabilities }, [0, 1, 1, 0], { classwise: true })); // 0.175
 * console.log(ksCalibrationError({ probabilities }, [0, 1, 1, 0], { bootstrap: { resamples: 100 } }).high);
 * ```
 */
export function ksCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<KsCalibrationErrorOptions<BootstrapOptions>>,
): MetricInterval;
export function ksCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: KsCalibrationErrorOptions,
): number;
export function ksCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: KsCalibrationErrorOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function ksCalibrationError(
  input: CalibrationInput,
  labels: LabelsInput,
  options: KsCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareKsCalibrationErrorOptions(options);
  const { classwise, precision, bootstrap } = prepared;
  const rows = readLabelledInput(
    input,
    labels,
    'ksCalibrationError',
    prepared.distributionTolerance,
    !classwise && usesFusedPass(precision),
    prepared.ignoreIndex,
  );
  const series = seriesOf(rowTableOf(rows, classwise ? 'classwise' : 'top-label', precision), classwise);
  const statistic = (weights: Int32Array | null): number => {
    let total = 0;
    for (const one of series) total += ksError(one, weights);
    return total / series.length;
  };
  warnIfProbabilities(rows);
  return bootstrap === undefined ? statistic(null) : bootstrapInterval(rows.rows, statistic, bootstrap);
}
