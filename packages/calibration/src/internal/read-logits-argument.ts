import { InvalidArgumentError } from '@softlabels/core';
import { isInputRecord } from './read-input';

/** The logits a temperature function was given, and the name its errors give them. */
export interface LogitsArgument {
  value: unknown;
  parameter: 'logits' | 'logits.logits';
  /** Whether they came as the metrics' `{ logits }`. */
  tagged: boolean;
}

/**
 * The logits of a temperature function's first argument: the scores themselves, or the `{ logits }` of the metrics'
 * input. `{ probabilities }` is refused: temperature scaling divides logits, and probabilities are no logits.
 */
export function readLogitsArgument(input: unknown, functionName: string): LogitsArgument {
  if (!isInputRecord(input)) return { value: input, parameter: 'logits', tagged: false };
  const record = input;
  if (record.probabilities !== undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'logits.probabilities',
      value: record.probabilities,
      expected:
        'be logits: temperature scaling divides the scores before softmax by T, so pass { logits } (with only ' +
        'probabilities at hand, their logarithm serves as logits)',
    });
  }
  if (record.logits === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'logits',
      value: input,
      expected: 'be a tensor, a (nested) number array, a typed array or { logits }',
    });
  }
  return { value: record.logits, parameter: 'logits.logits', tagged: true };
}
