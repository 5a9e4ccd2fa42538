import { InvalidArgumentError } from '@softlabels/core';

/**
 * Returns `options` as a record (an empty one when it is `undefined`), or throws an {@link InvalidArgumentError}
 * naming the argument and the function.
 * @internal
 */
export function checkOptionsObject(options: unknown, parameter: string, functionName: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({ functionName, parameter, value: options, expected: 'be an options object' });
  }
  return options as Record<string, unknown>;
}

/**
 * Checks an optional boolean option and returns it or its default.
 * @internal
 */
export function checkBoolean(value: unknown, fallback: boolean, parameter: string, functionName: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be true or false' });
  }
  return value;
}

/**
 * Checks an optional function option and returns it.
 * @internal
 */
export function checkFunction<T>(value: unknown, parameter: string, functionName: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new InvalidArgumentError({ functionName, parameter, value, expected: 'be a function' });
  }
  return value as T;
}
