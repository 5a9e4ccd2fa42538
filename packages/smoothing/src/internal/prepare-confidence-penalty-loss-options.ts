import { checkBoolean, checkChoice, readClassVector, readOptions } from '@softlabels/core';
import type { ConfidencePenaltyCrossEntropyOptions } from '../confidence-penalty-cross-entropy-options';
import type { ConfidencePenaltyLossOptions } from '../confidence-penalty-loss-options';
import { prepareConfidencePenaltyOptions } from './confidence-penalty-options';

const NAME = 'confidencePenaltyLoss';
const KEYS = ['beta', 'epsilon', 'reduction', 'classWeights', 'fromLogits', 'checks'] as const;
const LOSS_REDUCTIONS = ['mean', 'sum'] as const;

/** Normalised {@link ConfidencePenaltyLossOptions}: the `confidencePenaltyCrossEntropy` options, and `fromLogits`. */
export interface PreparedConfidencePenaltyLossOptions {
  penalty: ConfidencePenaltyCrossEntropyOptions;
  fromLogits: boolean;
}

/**
 * Validates the options of `confidencePenaltyLoss` once, when the loss is created (errors name
 * `confidencePenaltyLoss`); the class weights' length is checked per call by `confidencePenaltyCrossEntropy`.
 */
export function prepareConfidencePenaltyLossOptions(
  options: ConfidencePenaltyLossOptions | undefined,
): PreparedConfidencePenaltyLossOptions {
  const record = readOptions(options, KEYS, NAME);
  const { beta, epsilon, reduction = 'mean', classWeights, fromLogits, checks } = record;
  // β and ε are checked by prepareConfidencePenaltyOptions below; the cast only restores their declared type.
  const penalty = {
    reduction: checkChoice(reduction, LOSS_REDUCTIONS, 'options.reduction', NAME),
    checks: checkBoolean(checks, true, 'options.checks', NAME),
    ...(beta === undefined ? {} : { beta }),
    ...(epsilon === undefined ? {} : { epsilon }),
  } as ConfidencePenaltyCrossEntropyOptions;
  // By confidencePenaltyCrossEntropy's own rules (the class weights' length is not known yet).
  prepareConfidencePenaltyOptions(penalty, 1, NAME);
  return {
    penalty: {
      ...penalty,
      ...(classWeights === undefined
        ? {}
        : { classWeights: readClassVector(classWeights, 'options.classWeights', NAME) }),
    },
    fromLogits: checkBoolean(fromLogits, true, 'options.fromLogits', NAME),
  };
}
