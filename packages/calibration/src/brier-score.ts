import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { prepareBrierScoreOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { weightedMean } from './internal/weighted-statistics';
import type { ScoreOptions } from './score-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Multiclass Brier score: the mean over rows of `Σ_k (p_k − 1{y = k})²`, in [0, 2]. For two classes this is twice
 * scikit-learn's binary `brier_score_loss` (which squares only the positive-class error). Always summed in float64:
 * the fused kernel gives no Σ_k p_k², so `precision: 'float32'` runs the same pass. With `bootstrap` it returns the
 * percentile interval over resamples of the rows (a `MetricInterval`).
 *
 * @example
 * ```ts
 * import { brierScore } from '@softlabels/calibration';
 *
 * console.log(brierScore({ probabilities: [[0.8, 0.2], [0.4, 0.6]] }, [0, 0])); // (0.08 + 0.72) / 2 ≈ 0.4
 * // scikit-learn's binary form, p(class 1) per label: twice brier_score_loss([0, 1], [0.2, 0.6]) = 2 × 0.1
 * console.log(brierScore({ probabilities: [0.2, 0.6] }, [0, 1])); // 0.2
 * console.log(brierScore({ probabilities: [0.2, 0.6] }, [0, 1], { bootstrap: { resamples: 100, seed: 1 } }).estimate); // 0.2
 * ```
 */
export function brierScore(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<ScoreOptions<BootstrapOptions>>,
): MetricInterval;
export function brierScore(input: CalibrationInput, labels: LabelsInput, options?: ScoreOptions): number;
export function brierScore(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ScoreOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function brierScore(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareBrierScoreOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'brierScore',
    prepared.distributionTolerance,
    false,
    prepared.ignoreIndex,
  );
  const { precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) {
    const state = stateOf(rows, 1, 'uniform', 'brier', precision);
    result = state.brierSum / state.count;
  } else {
    const brier = rowTableOf(rows, 'brier', precision).brier as Float64Array;
    result = bootstrapInterval(rows.rows, (weights) => weightedMean(brier, weights), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
