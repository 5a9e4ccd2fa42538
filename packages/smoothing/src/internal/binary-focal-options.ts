import {
  checkBoolean,
  checkChoice,
  checkNumber,
  InvalidArgumentError,
  readOptions,
  type Reduction,
} from '@softlabels/core';
import type { BinaryFocalLossOptions } from '../binary-focal-loss-options';
import { REDUCTIONS } from './prepare-cross-entropy-options';

/** {@link BinaryFocalLossOptions} with defaults applied. */
export interface PreparedBinaryFocalOptions {
  gamma: number;
  /** α, or null for no balancing. */
  alpha: number | null;
  reduction: Reduction;
  checks: boolean;
}

const KEYS = ['gamma', 'alpha', 'reduction', 'checks'] as const;

/** torchvision's defaults: γ = 2 and α = 0.25 (RetinaNet's). */
const DEFAULT_GAMMA = 2;
const DEFAULT_ALPHA = 0.25;

/** Validates and normalises the options of `binaryFocalLoss`; errors name `functionName`. */
export function prepareBinaryFocalOptions(
  options: BinaryFocalLossOptions<Reduction> | undefined,
  functionName: string,
): PreparedBinaryFocalOptions {
  const record = readOptions(options, KEYS, functionName);
  const { gamma = DEFAULT_GAMMA, alpha = DEFAULT_ALPHA, reduction = 'mean', checks } = record;
  let balance: number | null = null;
  if (alpha !== null && alpha !== -1) {
    if (typeof alpha !== 'number' || !(alpha >= 0 && alpha <= 1)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: 'options.alpha',
        value: alpha,
        expected: 'be a number in [0, 1], or null or -1 for no α',
      });
    }
    balance = alpha;
  }
  return {
    gamma: checkNumber(gamma, 'options.gamma', functionName, { min: 0 }),
    alpha: balance,
    reduction: checkChoice(reduction, REDUCTIONS, 'options.reduction', functionName),
    checks: checkBoolean(checks, true, 'options.checks', functionName),
  };
}
