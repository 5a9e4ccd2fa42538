import { SoftlabelsError } from '@softlabels/core';

/**
 * Loads a module only Node has (`node:fs/promises`, the native `@resvg/resvg-js`) for `functionName`. The specifier
 * comes in as a variable, so that browser bundlers leave the module out; where it cannot be loaded (a browser page)
 * the failure is a {@link SoftlabelsError} that says so and names what works there instead.
 */
export async function loadNodeOnly<Module>(specifier: string, functionName: string): Promise<Module> {
  try {
    return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as Module;
  } catch (cause) {
    throw new SoftlabelsError({
      functionName,
      message:
        `${functionName} runs in Node only: it could not load ${specifier} (${String(cause)}). In a browser, use ` +
        "renderSvg for an SVG string, or renderChart(element, spec, { renderer: 'canvas' }) and the canvas's " +
        "toDataURL('image/png') for a PNG.",
      cause,
    });
  }
}
