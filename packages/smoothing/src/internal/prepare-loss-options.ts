import { checkBoolean, checkChoice, checkNumber, readClassVector, readOptions } from '@softlabels/core';
import type { LabelSmoothingLossOptions } from '../label-smoothing-loss-options';

const NAME = 'labelSmoothingLoss';
const KEYS = ['epsilon', 'reduction', 'classWeights', 'prior', 'fromLogits', 'checks'] as const;
const LOSS_REDUCTIONS = ['mean', 'sum'] as const;

/** Normalised {@link LabelSmoothingLossOptions}; per-class vectors are read now, their length checked per call. */
export interface PreparedLossOptions {
  epsilon: number;
  reduction: (typeof LOSS_REDUCTIONS)[number];
  classWeights: Float32Array | undefined;
  prior: Float32Array | undefined;
  fromLogits: boolean;
  checks: boolean;
}

/** Validates and normalises the options of `labelSmoothingLoss` (once, when the loss is created). */
export function prepareLossOptions(options: LabelSmoothingLossOptions | undefined): PreparedLossOptions {
  const record = readOptions(options, KEYS, NAME);
  const { epsilon = 0.1, reduction = 'mean', classWeights, prior, fromLogits, checks } = record;
  return {
    epsilon: checkNumber(epsilon, 'options.epsilon', NAME, { min: 0, max: 1 }),
    reduction: checkChoice(reduction, LOSS_REDUCTIONS, 'options.reduction', NAME),
    classWeights: classWeights === undefined ? undefined : readClassVector(classWeights, 'options.classWeights', NAME),
    prior: prior === undefined ? undefined : readClassVector(prior, 'options.prior', NAME, { distribution: true }),
    fromLogits: checkBoolean(fromLogits, true, 'options.fromLogits', NAME),
    checks: checkBoolean(checks, true, 'options.checks', NAME),
  };
}
