import {
  checkBoolean,
  checkChoice,
  checkNumber,
  InvalidArgumentError,
  readClassVector,
  readOptions,
  type Reduction,
} from '@softlabels/core';
import type { BinaryLabelSmoothingCrossEntropyOptions } from '../binary-label-smoothing-cross-entropy-options';
import { REDUCTIONS } from './prepare-cross-entropy-options';

const NAME = 'binaryLabelSmoothingCrossEntropy';

/** Normalised {@link BinaryLabelSmoothingCrossEntropyOptions}. */
export interface PreparedBinaryOptions {
  epsilon: number;
  reduction: Reduction;
  /** null: 1 everywhere. */
  positiveWeight: number | Float32Array | null;
  checks: boolean;
}

const KEYS = ['epsilon', 'reduction', 'positiveWeight', 'checks'] as const;

/**
 * Validates and normalises the options of `binaryLabelSmoothingCrossEntropy` for logits whose last axis has
 * `lastAxis` entries (undefined for scalar logits).
 */
export function prepareBinaryOptions(
  options: BinaryLabelSmoothingCrossEntropyOptions<Reduction> | undefined,
  lastAxis: number | undefined,
): PreparedBinaryOptions {
  const record = readOptions(options, KEYS, NAME);
  const { epsilon = 0.1, reduction = 'mean', positiveWeight, checks } = record;
  let weight: number | Float32Array | null = null;
  if (typeof positiveWeight === 'number') {
    weight = checkNumber(positiveWeight, 'options.positiveWeight', NAME, { min: 0 });
  } else if (positiveWeight !== undefined) {
    if (lastAxis === undefined) {
      throw new InvalidArgumentError({
        functionName: NAME,
        parameter: 'options.positiveWeight',
        value: positiveWeight,
        expected: 'be a single number for scalar logits',
      });
    }
    weight = readClassVector(positiveWeight, 'options.positiveWeight', NAME, { length: lastAxis });
  }
  return {
    epsilon: checkNumber(epsilon, 'options.epsilon', NAME, { min: 0, max: 1 }),
    reduction: checkChoice(reduction, REDUCTIONS, 'options.reduction', NAME),
    positiveWeight: weight,
    checks: checkBoolean(checks, true, 'options.checks', NAME),
  };
}
