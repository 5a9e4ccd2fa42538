import type { BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
import { bootstrapInterval } from './internal/bootstrap';
import { rowTableOf, stateOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareAccuracyOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import { weightedMean } from './internal/weighted-statistics';
import type { ScoreOptions } from './score-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Top-1 accuracy: the fraction of rows whose argmax (the first one on ties) is the label. With `bootstrap` it
 * returns the percentile interval over resamples of the rows (a `MetricInterval`).
 *
 * @example
 * ```ts
 * import { accuracy } from '@softlabels/calibration';
 *
 * console.log(accuracy({ logits: [[2, 1], [0, 3], [1, 0]] }, [0, 1, 1])); // 2/3
 * console.log(accuracy({ logits: [[2, 1], [0, 3], [1, 0]] }, [0, 1, 1], { bootstrap: { seed: 3 } })); // { estimate: 0.666…, low: 0, high: 1, … }
 * ```
 */
export function accuracy(
  input: CalibrationInput,
  labels: LabelsInput,
  options: WithBootstrap<ScoreOptions<BootstrapOptions>>,
): MetricInterval;
export function accuracy(input: CalibrationInput, labels: LabelsInput, options?: ScoreOptions): number;
export function accuracy(
  input: CalibrationInput,
  labels: LabelsInput,
  options?: ScoreOptions<BootstrapOptions | undefined>,
): number | MetricInterval;
export function accuracy(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): number | MetricInterval {
  const prepared = prepareAccuracyOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'accuracy',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const { precision, bootstrap } = prepared;
  let result: number | MetricInterval;
  if (bootstrap === undefined) {
    const state = stateOf(rows, 1, 'uniform', 'top-label', precision);
    result = state.correct / state.count;
  } else {
    const { correct } = rowTableOf(rows, 'top-label', precision);
    result = bootstrapInterval(rows.rows, (weights) => weightedMean(correct, weights), bootstrap);
  }
  warnIfProbabilities(rows);
  return result;
}
