import { errorOptionsProblem } from './error-options-problem';
import { markerCheck, SoftlabelsError } from './softlabels-error';

const check = markerCheck<ShapeMismatchError>('ShapeMismatchError');

/** What {@link ShapeMismatchError} is built from. */
export interface ShapeMismatchErrorOptions {
  /** The public function that rejected the argument. */
  functionName: string;
  /** The argument whose shape is wrong. */
  parameter: string;
  /** The shape it has. */
  actual: readonly number[];
  /** What was expected, phrased to follow "must", e.g. `'have shape [4, 10] like logits'`. */
  expected: string;
}

/**
 * A tensor has the wrong rank or shape, or two arguments that must agree in shape do not.
 *
 * @example
 * ```ts
 * import { ShapeMismatchError } from '@softlabels/core';
 *
 * const error = new ShapeMismatchError({
 *   functionName: 'distillationLoss', parameter: 'teacherLogits', actual: [4, 9], expected: 'match studentLogits [4, 10]',
 * });
 * console.log(error.message);
 * // Argument 'teacherLogits' passed to 'distillationLoss' must match studentLogits [4, 10], but has shape [4, 9].
 * ```
 */
export class ShapeMismatchError extends SoftlabelsError {
  private readonly [check.symbol] = true;
  /** The argument whose shape is wrong. */
  readonly parameter: string;
  /** The shape it has. */
  readonly actual: readonly number[];

  constructor(options: ShapeMismatchErrorOptions) {
    const problem = errorOptionsProblem(options, 'ShapeMismatchError', {
      functionName: 'name',
      parameter: 'name',
      actual: 'shape',
      expected: 'text',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'ShapeMismatchError' });
    super({
      functionName: options.functionName,
      message:
        `Argument '${options.parameter}' passed to '${options.functionName}' must ${options.expected}, ` +
        `but has shape [${options.actual.join(', ')}].`,
    });
    this.name = 'ShapeMismatchError';
    this.parameter = options.parameter;
    this.actual = [...options.actual];
  }

  /** True for a {@link ShapeMismatchError} from any copy of the package. */
  static override isInstance(error: unknown): error is ShapeMismatchError {
    return check.isInstance(error);
  }
}
