import { stateOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareAccuracyOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { ScoreOptions } from './score-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Top-1 accuracy: the fraction of rows whose argmax (the first one on ties) is the label.
 *
 * @example
 * ```ts
 * import { accuracy } from '@softlabels/calibration';
 *
 * console.log(accuracy({ logits: [[2, 1], [0, 3], [1, 0]] }, [0, 1, 1])); // 2/3
 * ```
 */
export function accuracy(input: CalibrationInput, labels: LabelsInput, options: ScoreOptions = {}): number {
  const prepared = prepareAccuracyOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'accuracy',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const state = stateOf(rows, 1, 'uniform', 'top-label', prepared.precision);
  warnIfProbabilities(rows);
  return state.correct / state.count;
}
