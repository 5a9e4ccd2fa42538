import { formatValue } from './format-value';
import { errorOptionsProblem } from './error-options-problem';
import { markerCheck, SoftlabelsError } from './softlabels-error';

const check = markerCheck<InvalidArgumentError>('InvalidArgumentError');

/** What {@link InvalidArgumentError} is built from. */
export interface InvalidArgumentErrorOptions {
  /** The public function that rejected the argument. */
  functionName: string;
  /** The argument's name as the user wrote it, e.g. `'options.epsilon'`. */
  parameter: string;
  /** The rejected value (kept on the error; shown shortened in the message). */
  value: unknown;
  /** What was expected, phrased to follow "must", e.g. `'be in [0, 1]'`. */
  expected: string;
  /** Overrides the shown value, e.g. `'NaN at index 3'` for tensors. */
  got?: string;
}

/**
 * A hyper-parameter or input value is out of its allowed range, of the wrong kind, or not finite.
 *
 * @example
 * ```ts
 * import { InvalidArgumentError } from '@softlabels/core';
 *
 * const error = new InvalidArgumentError({
 *   functionName: 'labelSmoothingCrossEntropy', parameter: 'options.epsilon', value: 2, expected: 'be in [0, 1]',
 * });
 * console.log(error.message);
 * // Argument 'options.epsilon' passed to 'labelSmoothingCrossEntropy' must be in [0, 1], but got 2.
 * ```
 */
export class InvalidArgumentError extends SoftlabelsError {
  private readonly [check.symbol] = true;
  /** The argument's name. */
  readonly parameter: string;
  /** The rejected value. */
  readonly value: unknown;

  constructor(options: InvalidArgumentErrorOptions) {
    const problem = errorOptionsProblem(options, 'InvalidArgumentError', {
      functionName: 'name',
      parameter: 'name',
      value: 'anything',
      expected: 'text',
      got: 'optional text',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'InvalidArgumentError' });
    super({
      functionName: options.functionName,
      message:
        `Argument '${options.parameter}' passed to '${options.functionName}' must ${options.expected}, ` +
        `but got ${options.got ?? formatValue(options.value)}.`,
    });
    this.name = 'InvalidArgumentError';
    this.parameter = options.parameter;
    this.value = options.value;
  }

  /** True for an {@link InvalidArgumentError} from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidArgumentError {
    return check.isInstance(error);
  }
}
