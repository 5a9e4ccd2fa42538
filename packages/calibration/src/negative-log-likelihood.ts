import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareNegativeLogLikelihoodOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { weightedMean } from './internal/weighted-statistics';
import type { ScoreOptions } from './score-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Mean negative log-likelihood of the labels on hard labels (PyTorch's `cross_entropy` on logits, `nll_loss` of
 * `log p` on probabilities). From logits it is computed stably as `logsumexp(z) − z_y` in float64 (with
 * `precision: 'float32'`, the fused kernel's float32 per-row NLL summed in float64); a probability of exactly 0 on a
 * label gives `Infinity`. With `bootstrap` it returns the percentile interval over resamples of the rows (a
 * `MetricInterval`).
 *
 * @example
 * ```ts
 * import { negativeLogLikelihood } from '@softlabels/calibration';
 *
 * console.log(negativeLogLikelihood({ logits: [[0, 0]] }, [1])); // Math.LN2
 * console.log(negativeLogLikelihood({ probabilities: [[0.5, 0.25, 0.25]] }, [0])); // Math.LN2
 * // One row: every resample is that row, so the interval is a point.
 * console.log(negativeLogLikelihood({ logits: [[0, 0]] }, [1], { bootstrap: { resamples: 10 } })); // low = high = Math.LN2
 * ```
 */
export function negativeLogLikelihood(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<ScoreOptions<BootstrapOptions>>,
): MetricInterval;
export function negativeLogLikelihood(input: CalibrationInput, labels: LabelsInput, options?: ScoreOptions): number;
export function negativeLogLikelihood(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ScoreOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function negativeLogLikelihood(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareNegativeLogLikelihoodOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'negativeLogLikelihood',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const { precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) {
    const state = stateOf(rows, 1, 'uniform', 'top-label', precision);
    result = state.nllSum / state.count;
  } else {
    const { nll } = rowTableOf(rows, 'top-label', precision);
    result = bootstrapInterval(rows.rows, (weights) => weightedMean(nll, weights), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
