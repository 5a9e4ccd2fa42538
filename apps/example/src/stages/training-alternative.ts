import { InvalidArgumentError } from '@softlabels/core';
import { confidencePenaltyCrossEntropy, focalLoss } from '@softlabels/smoothing';
import type * as tf from '@tensorflow/tfjs-core';

import type { TrainingLoss } from '../training/train-classifier';

/**
 * A training-time alternative to label smoothing: focal loss with a fixed γ or the FLSD-53 schedule (Lin et al.
 * 2017; Mukhoti et al. 2020), or the confidence penalty CE − β·H(p) (Pereyra et al. 2017).
 */
export type TrainingAlternative =
  { loss: 'focal'; gamma: number | 'flsd-53' } | { loss: 'confidence-penalty'; beta: number };

/** All five alternatives the comparison names: focal γ 1, γ 3 and FLSD-53; confidence penalty β 0.1 and 0.5. */
export const ALL_ALTERNATIVES: readonly TrainingAlternative[] = [
  { loss: 'focal', gamma: 1 },
  { loss: 'focal', gamma: 3 },
  { loss: 'focal', gamma: 'flsd-53' },
  { loss: 'confidence-penalty', beta: 0.1 },
  { loss: 'confidence-penalty', beta: 0.5 },
];

/**
 * The id of an alternative, as `--alternatives` takes it and `results.json` records it: `focal:1`, `focal:flsd-53`,
 * `penalty:0.1`.
 *
 * @example
 * ```ts
 * import { alternativeId } from './training-alternative';
 * console.log(alternativeId({ loss: 'confidence-penalty', beta: 0.5 })); // penalty:0.5
 * ```
 */
export function alternativeId(alternative: TrainingAlternative): string {
  return alternative.loss === 'focal' ? `focal:${alternative.gamma}` : `penalty:${alternative.beta}`;
}

/**
 * The alternative's name in the report: `focal loss γ = 1`, `focal loss FLSD-53 (γ 5 / 3)`, `confidence penalty β = 0.1`.
 *
 * @example
 * ```ts
 * import { alternativeLabel } from './training-alternative';
 * console.log(alternativeLabel({ loss: 'focal', gamma: 3 })); // focal loss γ = 3
 * ```
 */
export function alternativeLabel(alternative: TrainingAlternative): string {
  if (alternative.loss === 'confidence-penalty') return `confidence penalty β = ${alternative.beta}`;
  return alternative.gamma === 'flsd-53' ? 'focal loss FLSD-53 (γ 5 / 3)' : `focal loss γ = ${alternative.gamma}`;
}

/**
 * The training loss of an alternative from logits and int32 labels: `focalLoss` or `confidencePenaltyCrossEntropy`
 * (no label smoothing on top, mean over the batch), with the input checks off as the ε sweep's loss has them.
 *
 * @example
 * ```ts
 * import { alternativeLoss } from './training-alternative';
 * const loss = alternativeLoss({ loss: 'focal', gamma: 'flsd-53' }); // (logits, labels) => tf.Scalar
 * ```
 */
export function alternativeLoss(alternative: TrainingAlternative): TrainingLoss {
  if (alternative.loss === 'focal') {
    const { gamma } = alternative;
    return (logits, labels) => focalLoss(logits, labels, { gamma, checks: false }) as tf.Scalar;
  }
  const { beta } = alternative;
  return (logits, labels) => confidencePenaltyCrossEntropy(logits, labels, { beta, checks: false }) as tf.Scalar;
}

const FLAG = '--alternatives';
const EXPECTED =
  'be none, all, or a comma-separated list of focal:γ (γ ≥ 0 or flsd-53) and penalty:β (β ≥ 0) (e.g. --alternatives focal:3,focal:flsd-53,penalty:0.1)';

/**
 * Reads the `--alternatives` flag: `none`, `all` ({@link ALL_ALTERNATIVES}) or a comma-separated list of `focal:γ`
 * (γ a number ≥ 0 or `flsd-53`) and `penalty:β` (β ≥ 0), without repeats. Anything else throws an
 * `InvalidArgumentError` naming the flag.
 *
 * @example
 * ```ts
 * import { parseAlternatives } from './training-alternative';
 * console.log(parseAlternatives('focal:flsd-53, penalty:0.1'));
 * // [{ loss: 'focal', gamma: 'flsd-53' }, { loss: 'confidence-penalty', beta: 0.1 }]
 * ```
 */
export function parseAlternatives(value: unknown, functionName: string): TrainingAlternative[] {
  const text = String(value).trim();
  if (text === 'none') return [];
  if (text === 'all') return [...ALL_ALTERNATIVES];
  const fail = (): never => {
    throw new InvalidArgumentError({ functionName, parameter: FLAG, value, expected: EXPECTED });
  };
  const number = (item: string): number => (/^(\d+(\.\d*)?|\.\d+)$/.test(item) ? Number(item) : fail());
  const parsed = text.split(',').map((item): TrainingAlternative => {
    const [kind, setting, ...rest] = item.trim().split(':');
    if (setting === undefined || rest.length > 0) return fail();
    if (kind === 'focal') return { loss: 'focal', gamma: setting === 'flsd-53' ? 'flsd-53' : number(setting) };
    if (kind === 'penalty') return { loss: 'confidence-penalty', beta: number(setting) };
    return fail();
  });
  const ids = parsed.map(alternativeId);
  if (new Set(ids).size !== ids.length) fail();
  return parsed;
}
