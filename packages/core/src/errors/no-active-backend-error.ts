import { errorOptionsProblem } from './error-options-problem';
import { markerCheck, SoftlabelsError } from './softlabels-error';

const check = markerCheck<NoActiveBackendError>('NoActiveBackendError');

/** What {@link NoActiveBackendError} is built from. */
export interface NoActiveBackendErrorOptions {
  /** The public function that needed a tensor. */
  functionName: string;
  /** The argument it was turning into a tensor. */
  parameter: string;
  /** What tfjs said (no backend registered, or one still initialising). */
  cause?: unknown;
}

/**
 * Valid input needed a tfjs tensor, but no tfjs backend is active: `initBackend()` was not called (or not awaited)
 * yet. Plain arrays given to the calibration metrics need no backend; tensors and losses do.
 *
 * @example
 * ```ts
 * import { NoActiveBackendError } from '@softlabels/core';
 *
 * const error = new NoActiveBackendError({ functionName: 'expectedCalibrationError', parameter: 'logits' });
 * console.log(error.message.includes('call initBackend() first')); // true
 * ```
 */
export class NoActiveBackendError extends SoftlabelsError {
  private readonly [check.symbol] = true;
  /** The argument that was being turned into a tensor. */
  readonly parameter: string;

  constructor(options: NoActiveBackendErrorOptions) {
    const problem = errorOptionsProblem(options, 'NoActiveBackendError', {
      functionName: 'name',
      parameter: 'name',
      cause: 'anything',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'NoActiveBackendError' });
    super({
      functionName: options.functionName,
      cause: options.cause,
      message:
        `'${options.functionName}' needs a tensor for argument '${options.parameter}', but no tfjs backend is ` +
        "active: call initBackend() first (await initBackend() from '@softlabels/core').",
    });
    this.name = 'NoActiveBackendError';
    this.parameter = options.parameter;
  }

  /** True for a {@link NoActiveBackendError} from any copy of the package. */
  static override isInstance(error: unknown): error is NoActiveBackendError {
    return check.isInstance(error);
  }
}
