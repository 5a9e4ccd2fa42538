import { checkChoice, checkNumber, readClassVector, readOptions, type Reduction } from '@softlabels/core';
import type { FocalGammaFunction, FocalLossOptions } from '../focal-loss-options';
import type { LabelSmoothingCrossEntropyOptions } from '../label-smoothing-cross-entropy-options';
import { prepareCrossEntropyOptions } from './prepare-cross-entropy-options';

/** γ as prepared: one number for every row, the FLSD-53 schedule, or the caller's function of p_y. */
export type PreparedGamma =
  { kind: 'constant'; value: number } | { kind: 'flsd-53' } | { kind: 'function'; compute: FocalGammaFunction };

/** {@link FocalLossOptions} with defaults applied and α read to the host. */
export interface PreparedFocalOptions {
  gamma: PreparedGamma;
  /** α, or null for all ones. */
  alpha: Float32Array | null;
  epsilon: number;
  reduction: Reduction;
  ignoreIndex: number | undefined;
  checks: boolean;
}

const KEYS = ['gamma', 'alpha', 'epsilon', 'reduction', 'ignoreIndex', 'checks'] as const;
const SCHEDULES = ['flsd-53'] as const;

function prepareGamma(gamma: unknown, functionName: string): PreparedGamma {
  if (gamma === undefined) return { kind: 'constant', value: 2 };
  if (typeof gamma === 'string') {
    checkChoice(gamma, SCHEDULES, 'options.gamma', functionName);
    return { kind: 'flsd-53' };
  }
  if (typeof gamma === 'function') return { kind: 'function', compute: gamma as FocalGammaFunction };
  return { kind: 'constant', value: checkNumber(gamma, 'options.gamma', functionName, { min: 0 }) };
}

/**
 * Validates and normalises the options of `focalLoss` for `numClasses` classes. ε, the reduction, `ignoreIndex` and
 * `checks` are read by the cross-entropy's preparer (same rules, errors under `functionName`); only ε's default
 * differs (0: focal loss smooths nothing unless asked).
 */
export function prepareFocalOptions(
  options: FocalLossOptions<Reduction> | undefined,
  numClasses: number,
  functionName = 'focalLoss',
): PreparedFocalOptions {
  const record = readOptions(options, KEYS, functionName);
  const { gamma, alpha, epsilon = 0, reduction, ignoreIndex, checks } = record;
  const shared = prepareCrossEntropyOptions(
    { epsilon, reduction, ignoreIndex, checks } as LabelSmoothingCrossEntropyOptions<Reduction>,
    numClasses,
    functionName,
  );
  return {
    gamma: prepareGamma(gamma, functionName),
    alpha: alpha === undefined ? null : readClassVector(alpha, 'options.alpha', functionName, { length: numClasses }),
    epsilon: shared.epsilon,
    reduction: shared.reduction,
    ignoreIndex: shared.ignoreIndex,
    checks: shared.checks,
  };
}
