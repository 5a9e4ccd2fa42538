import { errorOptionsProblem } from './error-options-problem';

const marker = Symbol.for('softlabels.error');

/** Fields shared by every softlabels error. */
export interface SoftlabelsErrorOptions {
  /** Human-readable description; it names the argument and the function where it applies. */
  message: string;
  /** The public function that rejected its input, e.g. `'labelSmoothingCrossEntropy'`. */
  functionName?: string;
  /** The underlying error, when this one wraps another. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by softlabels packages.
 *
 * Use {@link SoftlabelsError.isInstance} rather than `instanceof`: it also recognises errors thrown by another copy
 * of the package (two versions in one `node_modules`, or CJS and ESM builds loaded side by side).
 *
 * @example
 * ```ts
 * import { initBackend, SoftlabelsError } from '@softlabels/core';
 *
 * try {
 *   await initBackend({ backend: 'tpu' as never });
 * } catch (error) {
 *   if (SoftlabelsError.isInstance(error)) console.log(error.name, error.message);
 * }
 * ```
 */
export class SoftlabelsError extends Error {
  private readonly [marker] = true;
  /** The public function that rejected its input, when known. */
  readonly functionName: string | undefined;

  constructor(options: SoftlabelsErrorOptions) {
    const problem = errorOptionsProblem(options, 'SoftlabelsError', {
      message: 'text',
      functionName: 'optional name',
      cause: 'anything',
    });
    if (problem !== undefined) throw new SoftlabelsError({ message: problem, functionName: 'SoftlabelsError' });
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SoftlabelsError';
    this.functionName = options.functionName;
  }

  /** True for any softlabels error, from this copy of the package or another one. */
  static isInstance(error: unknown): error is SoftlabelsError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/**
 * Builds a cross-copy `isInstance` check for one error subclass, keyed by a global symbol.
 * @internal
 */
export function markerCheck<T>(name: string): {
  symbol: symbol;
  isInstance: (error: unknown) => error is T;
} {
  const symbol = Symbol.for(`softlabels.error.${name}`);
  return {
    symbol,
    isInstance: (error: unknown): error is T =>
      typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true,
  };
}
