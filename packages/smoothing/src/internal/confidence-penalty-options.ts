import { checkNumber, readOptions, type Reduction } from '@softlabels/core';
import type { ConfidencePenaltyCrossEntropyOptions } from '../confidence-penalty-cross-entropy-options';
import type { LabelSmoothingCrossEntropyOptions } from '../label-smoothing-cross-entropy-options';
import { type PreparedCrossEntropyOptions, prepareCrossEntropyOptions } from './prepare-cross-entropy-options';

/** {@link ConfidencePenaltyCrossEntropyOptions} with defaults applied: β and the cross-entropy term's options. */
export interface PreparedConfidencePenaltyOptions {
  beta: number;
  crossEntropy: PreparedCrossEntropyOptions;
}

const KEYS = ['beta', 'epsilon', 'reduction', 'classWeights', 'ignoreIndex', 'checks'] as const;

/**
 * Validates and normalises the options of `confidencePenaltyCrossEntropy` for `numClasses` classes; the options the
 * cross-entropy term shares are read by `labelSmoothingCrossEntropy`'s own option reader, under `functionName`.
 */
export function prepareConfidencePenaltyOptions(
  options: ConfidencePenaltyCrossEntropyOptions<Reduction> | undefined,
  numClasses: number,
  functionName: string,
): PreparedConfidencePenaltyOptions {
  const { beta = 0.1, epsilon = 0, ...rest } = readOptions(options, KEYS, functionName);
  // The shared options are checked by prepareCrossEntropyOptions; the cast only restores their declared type.
  const shared = { ...rest, epsilon } as LabelSmoothingCrossEntropyOptions<Reduction>;
  return {
    beta: checkNumber(beta, 'options.beta', functionName, { min: 0 }),
    crossEntropy: prepareCrossEntropyOptions(shared, numClasses, functionName),
  };
}
