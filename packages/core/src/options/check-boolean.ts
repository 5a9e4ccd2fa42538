import { InvalidArgumentError } from '../errors/invalid-argument-error';

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
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be true or false' });
  }
  return value;
}
