// Serving the built pages of ../browser and checking what they report: shared by `pnpm check:browser` (the built
// packages) and browser-pages.host.test.ts (the workspace sources).
import type { BrowserContext } from 'playwright-core';
import { preview } from 'vite';

import { browserRoot, type BrowserBuild, bundledPackages } from './browser-build';

/** Serves a build's output on 127.0.0.1; `close` stops the server. */
export async function servePages(outDir: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = await preview({
    root: browserRoot,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0 },
    build: { outDir },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview server has no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}

/** Opens a page and returns the JSON it writes into #result (page errors are printed). */
export async function readPageResult(context: BrowserContext, url: string): Promise<Record<string, unknown>> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error in ${url}: ${error.message}`));
  await page.goto(url);
  await page.waitForSelector('#result[data-done="true"]', { timeout: 60_000 });
  const result = JSON.parse((await page.textContent('#result')) ?? '{}') as Record<string, unknown>;
  await page.close();
  return result;
}

/** What is wrong with a build a newcomer would make: Vite's Node-module warning, tfjs-layers on a calibration page. */
export function buildProblems(build: BrowserBuild): string[] {
  const problems = build.warnings
    .filter((warning) => /externalized for browser compatibility/.test(warning))
    .map((warning) => `Vite warned: ${warning}`);
  const packages = bundledPackages(build.pages.calibration);
  if (packages.includes('@tensorflow/tfjs-layers')) {
    problems.push(`the calibration-only page bundles @tensorflow/tfjs-layers (${packages.join(', ')})`);
  }
  return problems;
}

interface NoWasmPathsResult {
  wasmError?: { name: string; message: string };
  auto?: { name: string; fallbackReason?: string };
  warnings?: Array<{ code: string; functionName: string; message: string }>;
}

/**
 * What is wrong with the no-wasm-paths page's report: `'wasm'` must fail with BackendUnavailableError naming
 * `wasmPaths` and the recipe, `'auto'` must fall back to cpu saying why, with one `backend-fallback` warning.
 */
export function noWasmPathsProblems(result: NoWasmPathsResult): string[] {
  const problems: string[] = [];
  const message = result.wasmError?.message ?? '';
  if (result.wasmError?.name !== 'BackendUnavailableError') {
    problems.push(`'wasm' without wasmPaths did not reject with BackendUnavailableError: ${JSON.stringify(result)}`);
  }
  for (const part of ['options.wasmPaths', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/', "'In the browser'"]) {
    if (!message.includes(part)) problems.push(`the wasm error does not name ${part}: ${message}`);
  }
  if (result.auto?.name !== 'cpu' || result.auto.fallbackReason !== message) {
    problems.push(
      `'auto' did not fall back to cpu with the wasm error as fallbackReason: ${JSON.stringify(result.auto)}`,
    );
  }
  const fallbackWarnings = (result.warnings ?? []).filter((warning) => warning.code === 'backend-fallback');
  if (fallbackWarnings.length !== 1 || !fallbackWarnings[0]?.message.includes(message)) {
    problems.push(`expected one backend-fallback warning with the reason: ${JSON.stringify(result.warnings)}`);
  }
  return problems;
}
