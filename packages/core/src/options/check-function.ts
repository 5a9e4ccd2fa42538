import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNames } from '../validation/check-names';

/**
 * Returns an optional function option (`undefined` when unset); anything else throws an {@link InvalidArgumentError}
 * naming the argument and the function.
 *
 * @example
 * ```ts
 * import { checkFunction } from '@softlabels/core';
 *
 * const onStep = checkFunction<(step: number) => void>((step: number) => step, 'options.onStep', 'train');
 * console.log(typeof onStep); // function
 * ```
 */
export function checkFunction<T>(value: unknown, parameter: string, functionName: string): T | undefined {
  checkNames(parameter, functionName, 'checkFunction');
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be a function' });
  }
  return value as T;
}
