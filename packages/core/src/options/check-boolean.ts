import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkNames } from '../validation/check-names';

/**
 * Returns an optional boolean option, or `fallback` when it is `undefined`; anything but `true` or `false` throws an
 * {@link InvalidArgumentError} naming the argument and the function.
 *
 * @example
 * ```ts
 * import { checkBoolean } from '@softlabels/core';
 *
 * console.log(checkBoolean(undefined, true, 'options.checks', 'myLoss')); // true
 * ```
 */
export function checkBoolean(value: unknown, fallback: boolean, parameter: string, functionName: string): boolean {
  checkNames(parameter, functionName, 'checkBoolean');
  if (typeof fallback !== 'boolean') {
    throw new InvalidArgumentError({
      functionName: 'checkBoolean',
      parameter: 'fallback',
      value: fallback,
      expected: 'be true or false',
    });
  }
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be true or false' });
  }
  return value;
}
