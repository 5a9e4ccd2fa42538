// The part of `pnpm check:browser` that needs no build: the Vite pages of ../browser built from the workspace
// sources (with @softlabels/core's browser variants), opened in headless Debian Chromium. It checks the build (no
// Node-module warning, no tfjs-layers on the calibration-only page), the newcomer's page without `wasmPaths` and
// without the .wasm files (an error naming them, an 'auto' fallback that says why) and the calibration-only page.
// check:browser does the same with the built packages and also compares the recipe page's numbers with Node's.
import { withChromium } from '@softlabels/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type BrowserBuild, buildBrowserPages, bundledPackages } from './browser-build';
import { buildProblems, noWasmPathsProblems, readPageResult, servePages } from './browser-pages';

describe('the browser pages, built from source', () => {
  let recipe: BrowserBuild;
  let firstTry: BrowserBuild;
  beforeAll(async () => {
    recipe = await buildBrowserPages('source', true);
    firstTry = await buildBrowserPages('source', false);
  });
  afterAll(() => {
    recipe.remove();
    firstTry.remove();
  });

  it('build without the Node-module warning, and the calibration-only page without tfjs-layers', () => {
    expect([...buildProblems(recipe), ...buildProblems(firstTry)]).toEqual([]);
    expect(bundledPackages(recipe.pages.calibration)).toContain('@tensorflow/tfjs-backend-wasm');
    // The conv-net page uses tfjs-layers itself, so the check can tell.
    expect(bundledPackages(recipe.pages.index)).toContain('@tensorflow/tfjs-layers');
  });

  it("explain a missing wasmPaths, and report the calibration page's numbers, in Chromium", async () => {
    const servers = await Promise.all([servePages(recipe.outDir), servePages(firstTry.outDir)]);
    const [recipeServer, firstTryServer] = servers;
    try {
      await withChromium(async (context) => {
        const noWasmPaths = await readPageResult(context, `${firstTryServer?.origin}/no-wasm-paths.html`);
        expect(noWasmPathsProblems(noWasmPaths)).toEqual([]);
        const calibration = await readPageResult(context, `${recipeServer?.origin}/calibration.html`);
        expect(calibration).toEqual({
          backend: { name: 'wasm', simd: true, threads: 1, floatPrecision: 32 },
          ece: expect.closeTo(0.37, 6) as number,
          gradient: [2, -4, 6],
        });
      });
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});
