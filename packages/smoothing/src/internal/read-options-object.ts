import { InvalidArgumentError } from '@softlabels/core';

/**
 * Checks that `options` is undefined or a plain object whose keys are all known, and returns it as a record.
 * Unknown keys (typos such as `epsilom`) are rejected instead of silently ignored.
 */
export function readOptionsObject(
  options: unknown,
  allowedKeys: readonly string[],
  functionName: string,
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options',
      value: options,
      expected: 'be an options object (or undefined)',
    });
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowedKeys.includes(key)) {
      throw new InvalidArgumentError({
        functionName,
        parameter: `options.${key}`,
        value: record[key],
        expected: `not be set: known options are ${allowedKeys.join(', ')}`,
      });
    }
  }
  return record;
}
