import type { Loader } from 'vega';

/**
 * Options of {@link renderSvg}.
 *
 * @example
 * ```ts
 * import { renderSvg, type RenderSvgOptions } from '@softlabels/vis';
 *
 * // A loader that serves files from memory; `vega.loader({ baseURL })` reads files or fetches URLs instead.
 * const files: Record<string, string> = { 'scores.csv': 'name,score\nbaseline,1\nsmoothed,3\n' };
 * const read = async (uri: string): Promise<string> => files[uri] ?? Promise.reject(new Error(`no ${uri}`));
 * const options: RenderSvgOptions = {
 *   loader: { load: read, file: read, http: read, sanitize: async (uri) => ({ href: uri }) },
 * };
 * const spec = {
 *   data: { url: 'scores.csv' },
 *   mark: 'bar',
 *   encoding: { x: { field: 'name', type: 'nominal' }, y: { field: 'score', type: 'quantitative' } },
 * } as const;
 * console.log((await renderSvg(spec, options)).includes('smoothed')); // true
 * ```
 */
export interface RenderSvgOptions {
  /**
   * The vega loader through which a spec's `data.url` (and an image mark's URL) is read, e.g. `vega.loader()` of the
   * `vega` package.
   * Default none: such a spec is refused with an `InvalidArgumentError`, so that rendering a spec from elsewhere reads
   * no file and fetches nothing. A load that fails is an error too, not an empty chart.
   */
  loader?: Loader;
}
