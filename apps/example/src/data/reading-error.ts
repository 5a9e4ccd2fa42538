import { InvalidArgumentError } from '@softlabels/core';

/**
 * Throws the error of a dataset reader (`functionName`) for a file that is not what it should be: an
 * `InvalidArgumentError` for the parameter `source`, saying what the file must do and what was found, with the file's
 * path.
 *
 * @example
 * ```ts
 * import { failReading } from './reading-error';
 * try {
 *   failReading('readIdx', 'a.idx', 'start with a 4-byte IDX header', '2 bytes');
 * } catch (error) {
 *   console.log((error as Error).message.endsWith('but got 2 bytes in a.idx.')); // true
 * }
 * ```
 */
export function failReading(functionName: string, source: string, expected: string, got: string): never {
  throw new InvalidArgumentError({
    functionName,
    parameter: 'source',
    value: source,
    expected,
    got: `${got} in ${source}`,
  });
}
