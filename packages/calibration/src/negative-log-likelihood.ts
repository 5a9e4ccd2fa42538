import { stateOf } from './internal/calibration-state';
import { usesFusedPass } from './internal/fused-statistics';
import { prepareNegativeLogLikelihoodOptions } from './internal/prepare-calibration-options';
import { readLabelledInput, warnIfProbabilities } from './internal/read-input';
import type { ScoreOptions } from './score-options';
import type { CalibrationInput, LabelsInput } from './types';

/**
 * Mean negative log-likelihood of the labels on hard labels (PyTorch's `cross_entropy` on logits, `nll_loss` of
 * `log p` on probabilities). From logits it is computed stably as `logsumexp(z) − z_y` in float64 (with
 * `precision: 'float32'`, the fused kernel's float32 per-row NLL summed in float64); a probability of exactly 0 on a
 * label gives `Infinity`.
 *
 * @example
 * ```ts
 * import { negativeLogLikelihood } from '@softlabels/calibration';
 *
 * console.log(negativeLogLikelihood({ logits: [[0, 0]] }, [1])); // Math.LN2
 * console.log(negativeLogLikelihood({ probabilities: [[0.5, 0.25, 0.25]] }, [0])); // Math.LN2
 * ```
 */
export function negativeLogLikelihood(
  input: CalibrationInput,
  labels: LabelsInput,
  options: ScoreOptions = {},
): number {
  const prepared = prepareNegativeLogLikelihoodOptions(options);
  const rows = readLabelledInput(
    input,
    labels,
    'negativeLogLikelihood',
    prepared.distributionTolerance,
    usesFusedPass(prepared.precision),
    prepared.ignoreIndex,
  );
  const state = stateOf(rows, 1, 'uniform', 'top-label', prepared.precision);
  warnIfProbabilities(rows);
  return state.nllSum / state.count;
}
