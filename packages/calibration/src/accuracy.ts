import { stateOf } from './internal/calibration-state';
import { prepareAccuracyOptions, type ScoreOptions } from './internal/options';
import { readLabelledInput } from './internal/read-input';
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
  const rows = readLabelledInput(input, labels, 'accuracy', prepared.distributionTolerance);
  const state = stateOf(rows, 1, 'uniform', 'top-label');
  return state.correct / state.count;
}
