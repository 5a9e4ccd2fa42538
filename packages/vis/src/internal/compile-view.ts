import type { Loader, View } from 'vega';
import type { ChartSpec } from './chart-spec';
import { InvalidArgumentError } from '@softlabels/core';
import { guardedLoader } from './guarded-loader';

/** Where a chart is drawn: off-screen (`'none'`, for SVG strings) or into a DOM element. */
export interface ViewTarget {
  renderer: 'none' | 'svg' | 'canvas';
  container?: Element;
  /** The caller's loader for files and URLs the spec names; without one, every load is refused. */
  loader: Loader | undefined;
}

/** A view and the first load of its data that was refused or failed. */
export interface CompiledView {
  view: View;
  loadFailure(): InvalidArgumentError | undefined;
}

/**
 * A copy of the caller's spec as JSON data: vega marks the data objects it reads (so a frozen spec would fail, and
 * the caller's objects would change), and a spec that is no JSON (cycles, bigints, nesting too deep) is refused here.
 */
function copySpec(spec: object, functionName: string): ChartSpec {
  try {
    return JSON.parse(JSON.stringify(spec)) as ChartSpec;
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'spec',
      value: spec,
      expected: 'be a vega-lite spec object (JSON data)',
      got: `a spec that is no JSON (${cause instanceof Error ? cause.message : String(cause)})`,
    });
  }
}

/**
 * Compiles a copy of a vega-lite spec and builds a vega View. vega and vega-lite are ESM-only, so they are loaded with a
 * dynamic `import()`: that works from the ESM build, the CJS build (Node ≥ 20) and bundlers alike. Compiler warnings
 * are kept quiet; errors become an {@link InvalidArgumentError} naming `spec`. The view loads files and URLs only
 * through `target.loader` (see `guardedLoader`); check `loadFailure()` once it has run.
 */
export async function compileView(spec: ChartSpec, functionName: string, target: ViewTarget): Promise<CompiledView> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'spec',
      value: spec,
      expected: 'be a vega-lite spec object',
    });
  }
  const copy = copySpec(spec, functionName);
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  let runtime;
  try {
    const compiled = vegaLite.compile(copy, { logger: vega.logger(vega.Error) }).spec;
    runtime = vega.parse(compiled);
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'spec',
      value: spec,
      expected: 'be a valid vega-lite spec',
      got: `a spec vega-lite rejects (${cause instanceof Error ? cause.message : String(cause)})`,
    });
  }
  const guarded = guardedLoader(target.loader, functionName);
  const view = new vega.View(runtime, {
    renderer: target.renderer,
    logLevel: vega.Error,
    loader: guarded.loader,
    ...(target.container === undefined ? {} : { container: target.container, hover: true }),
  });
  return { view, loadFailure: guarded.failure };
}

/**
 * Renders a spec to an SVG string off-screen, loading files and URLs only through `loader`; errors (a refused or
 * failed load among them) name `functionName`.
 */
export async function specToSvg(spec: ChartSpec, functionName: string, loader: Loader | undefined): Promise<string> {
  const { view, loadFailure } = await compileView(spec, functionName, { renderer: 'none', loader });
  try {
    const svg = await view.toSVG();
    const failure = loadFailure();
    if (failure !== undefined) throw failure;
    return svg;
  } finally {
    view.finalize();
  }
}
