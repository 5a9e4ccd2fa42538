import { errorOptionsProblem } from './error-options-problem';
import { markerCheck, SoftlabelsError } from './softlabels-error';

const check = markerCheck<BackendUnavailableError>('BackendUnavailableError');

/** What {@link BackendUnavailableError} is built from. */
export interface BackendUnavailableErrorOptions {
  /** The backend that was asked for. */
  backend: string;
  /** Why it could not be used, and how to fix it. */
  reason: string;
  /** The error that made it fail (import or initialisation failure), if any. */
  cause?: unknown;
}

/**
 * The requested compute backend cannot be loaded here. The message says why and how to install it.
 *
 * @example
 * ```ts
 * import { BackendUnavailableError, initBackend } from '@softlabels/core';
 *
 * const info = await initBackend({ backend: 'cuda' }).catch(async (error: unknown) => {
 *   if (!BackendUnavailableError.isInstance(error)) throw error;
 *   console.warn(error.message); // names the package to install
 *   return initBackend({ backend: 'wasm' });
 * });
 * console.log(info.name);
 * ```
 */
export class BackendUnavailableError extends SoftlabelsError {
  private readonly [check.symbol] = true;
  /** The backend that was asked for. */
  readonly backend: string;

  constructor(options: BackendUnavailableErrorOptions) {
    const problem = errorOptionsProblem(options, 'BackendUnavailableError', {
      backend: 'name',
      reason: 'text',
      cause: 'anything',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'BackendUnavailableError' });
    super({
      functionName: 'initBackend',
      message: `Backend '${options.backend}' is unavailable: ${options.reason}`,
      cause: options.cause,
    });
    this.name = 'BackendUnavailableError';
    this.backend = options.backend;
  }

  /** True for a {@link BackendUnavailableError} from any copy of the package. */
  static override isInstance(error: unknown): error is BackendUnavailableError {
    return check.isInstance(error);
  }
}
