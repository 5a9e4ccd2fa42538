import { checkBoolean, checkChoice, checkNumber, readClassVector, readOptions, type Reduction } from '@softlabels/core';
import type { LabelSmoothingCrossEntropyOptions } from '../label-smoothing-cross-entropy-options';

/** {@link LabelSmoothingCrossEntropyOptions} with defaults applied and per-class vectors read to the host. */
export interface PreparedCrossEntropyOptions {
  epsilon: number;
  reduction: Reduction;
  /** Class weights, or null for all ones. */
  classWeights: Float32Array | null;
  ignoreIndex: number | undefined;
  /** The prior to smooth towards, or null for uniform. */
  prior: Float32Array | null;
  checks: boolean;
}

const KEYS = ['epsilon', 'reduction', 'classWeights', 'ignoreIndex', 'prior', 'checks'] as const;
export const REDUCTIONS = ['mean', 'sum', 'none'] as const;

/**
 * Validates and normalises the options of `labelSmoothingCrossEntropy` for `numClasses` classes.
 * `functionName` lets wrappers (the tfjs-layers loss) report errors under their own name.
 */
export function prepareCrossEntropyOptions(
  options: LabelSmoothingCrossEntropyOptions<Reduction> | undefined,
  numClasses: number,
  functionName = 'labelSmoothingCrossEntropy',
): PreparedCrossEntropyOptions {
  const record = readOptions(options, KEYS, functionName);
  const { epsilon = 0.1, reduction = 'mean', classWeights, ignoreIndex, prior, checks } = record;
  return {
    epsilon: checkNumber(epsilon, 'options.epsilon', functionName, { min: 0, max: 1 }),
    reduction: checkChoice(reduction, REDUCTIONS, 'options.reduction', functionName),
    classWeights:
      classWeights === undefined
        ? null
        : readClassVector(classWeights, 'options.classWeights', functionName, { length: numClasses }),
    ignoreIndex:
      ignoreIndex === undefined
        ? undefined
        : checkNumber(ignoreIndex, 'options.ignoreIndex', functionName, { integer: true }),
    prior:
      prior === undefined
        ? null
        : readClassVector(prior, 'options.prior', functionName, { length: numClasses, distribution: true }),
    checks: checkBoolean(checks, true, 'options.checks', functionName),
  };
}
