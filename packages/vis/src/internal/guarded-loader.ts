import type { Loader } from 'vega';
import { InvalidArgumentError } from '@softlabels/core';

/** A vega loader for one render, and the first load it refused or saw fail. */
export interface GuardedLoader {
  loader: Loader;
  /** The error of the first refused or failed load, if any (vega itself only logs it and draws no data). */
  failure(): InvalidArgumentError | undefined;
}

/**
 * Wraps the caller's vega loader (`options.loader`) so that a spec's `data.url` (or an image mark's URL) reads no file
 * and fetches nothing unless the caller gave a loader, and so that a load that fails becomes an error of the render
 * instead of an empty chart. Errors name the spec and the function.
 */
export function guardedLoader(base: Loader | undefined, functionName: string): GuardedLoader {
  let first: InvalidArgumentError | undefined;
  const refuse = (uri: string, cause?: unknown): never => {
    const error = new InvalidArgumentError({
      functionName,
      parameter: 'spec',
      value: uri,
      expected:
        base === undefined
          ? 'hold its data inline: files and URLs are loaded only through options.loader (e.g. vega.loader())'
          : 'name files or URLs that options.loader can load',
      got:
        base === undefined
          ? `a spec that loads ${JSON.stringify(uri)}`
          : `${JSON.stringify(uri)}, which failed to load (${cause instanceof Error ? cause.message : String(cause)})`,
    });
    first ??= error;
    throw error;
  };
  const guard = async <T>(uri: string, call: (loader: Loader) => Promise<T>): Promise<T> => {
    if (base === undefined) return refuse(uri);
    try {
      return await call(base);
    } catch (cause) {
      return refuse(uri, cause);
    }
  };
  return {
    loader: {
      load: (uri, options) => guard(uri, (loader) => loader.load(uri, options)),
      sanitize: (uri, options) => guard(uri, (loader) => loader.sanitize(uri, options)),
      http: (uri, options) => guard(uri, (loader) => loader.http(uri, options)),
      file: (filename) => guard(filename, (loader) => loader.file(filename)),
    },
    failure: () => first,
  };
}
