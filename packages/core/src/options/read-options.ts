import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkName } from '../validation/check-names';
import { NAME_ITEMS, readSmallArray } from '../validation/read-small-array';

/**
 * Reads an options argument: `undefined` gives an empty record, a plain object (an object literal, or one made by
 * `Object.create(null)`) is returned as a record once every key is one of `allowedKeys`; anything else (an array, a
 * `Map`, a `Date`, a class instance), or an unknown key (a typo such as `epsilom`), throws an
 * {@link InvalidArgumentError} naming the argument (`options`, or `options.<key>`) and the function.
 *
 * @example
 * ```ts
 * import { readOptions } from '@softlabels/core';
 *
 * const record = readOptions({ epsilon: 0.1 }, ['epsilon', 'reduction'], 'myLoss');
 * console.log(record.epsilon); // 0.1
 * ```
 */
export function readOptions(
  options: unknown,
  allowedKeys: readonly string[],
  functionName: string,
  parameter = 'options',
): Record<string, unknown> {
  checkName(functionName, 'functionName', 'readOptions');
  checkName(parameter, 'parameter', 'readOptions');
  readSmallArray(allowedKeys, 'allowedKeys', 'readOptions', NAME_ITEMS);
  if (options === undefined) return {};
  const prototype = typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined;
  if (prototype !== Object.prototype && prototype !== null) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: options,
      expected: 'be an options object (or undefined)',
    });
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowedKeys.includes(key)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `${parameter}.${key}`,
        value: record[key],
        expected: `not be set: known options are ${allowedKeys.join(', ')}`,
      });
    }
  }
  return record;
}
