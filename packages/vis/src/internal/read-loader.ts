import type { Loader } from 'vega';
import { InvalidArgumentError } from '@softlabels/core';

const LOADER_METHODS = ['load', 'sanitize', 'http', 'file'] as const;

/**
 * Reads the `loader` option of the renderers: `undefined` (no file or network access) or a vega loader, an object
 * with `load`, `sanitize`, `http` and `file` functions such as `vega.loader({ baseURL })` returns.
 */
export function readLoader(value: unknown, functionName: string): Loader | undefined {
  if (value === undefined) return undefined;
  const missing = LOADER_METHODS.find(
    (method) =>
      typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>)[method] !== 'function',
  );
  if (missing !== undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.loader',
      value,
      expected: 'be a vega loader (e.g. vega.loader()), with load, sanitize, http and file functions',
      ...(typeof value === 'object' && value !== null ? { got: `an object without a '${missing}' function` } : {}),
    });
  }
  return value as Loader;
}
