import type { View } from 'vega';
import type { ChartSpec } from './chart-spec';
import { InvalidArgumentError } from '@softlabels/core';

/** Where a chart is drawn: off-screen (`'none'`, for SVG strings) or into a DOM element. */
export interface ViewTarget {
  renderer: 'none' | 'svg' | 'canvas';
  container?: Element;
}

/**
 * Compiles a vega-lite spec and builds a vega View. vega and vega-lite are ESM-only, so they are loaded with a
 * dynamic `import()`: that works from the ESM build, the CJS build (Node ≥ 20) and bundlers alike. Compiler warnings
 * are kept quiet; errors become an {@link InvalidArgumentError} naming `spec`.
 */
export async function compileView(spec: ChartSpec, functionName: string, target: ViewTarget): Promise<View> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'spec',
      value: spec,
      expected: 'be a vega-lite spec object',
    });
  }
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  let runtime;
  try {
    const compiled = vegaLite.compile(spec, { logger: vega.logger(vega.Error) }).spec;
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
  return new vega.View(runtime, {
    renderer: target.renderer,
    logLevel: vega.Error,
    ...(target.container === undefined ? {} : { container: target.container, hover: true }),
  });
}

/** Renders a spec to an SVG string off-screen; errors name `functionName`. */
export async function specToSvg(spec: ChartSpec, functionName: string): Promise<string> {
  const view = await compileView(spec, functionName, { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
