// `pnpm check:browser`: takes a newcomer's steps with the built packages (run `pnpm build` first). It builds the
// Vite pages in ../browser as the README of @softlabels/core says ('In the browser': the .wasm files copied into the
// public folder, `wasmPaths`, build.target 'es2022') and once more without copying the .wasm files, checks the build (no Node-module warning, no tfjs-layers in the
// calibration-only page, whose weight it prints), serves them on 127.0.0.1, opens them in headless Debian Chromium
// and checks what they report: the recipe page computes on wasm what Node computes (the packages' functions, and one
// SGD step of a small tfjs-layers conv net), the page without `wasmPaths` gets an error naming it and the recipe
// and an `'auto'` fallback that says why, and the calibration-only page computes its metric and a gradient.
import { withChromium } from '@softlabels/test-utils';

import type { ConvNetStep } from '../browser/conv-net-step';
import { buildBrowserPages, bundledPackages } from './browser-build';
import { expectedBrowserResults } from './browser-expected';
import { buildProblems, noWasmPathsProblems, readPageResult, servePages } from './browser-pages';
import { convNetStepMismatches } from './conv-net-step-agreement';

/** Numbers agree to float32 tolerance, arrays element-wise, anything else exactly. */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => close(item, b[index]));
  return JSON.stringify(a) === JSON.stringify(b);
}

const build = await buildBrowserPages('dist', true);
// A newcomer's first try: the same pages without the .wasm files copied.
const firstTry = await buildBrowserPages('dist', false);
const problems = buildProblems(build);
const calibration = build.pages.calibration;
console.log(
  `calibration-only page: ${calibration.bytes} bytes of JavaScript (${calibration.gzipBytes} gzipped) in ` +
    `${calibration.files.length} chunks, from ${bundledPackages(calibration).join(', ')}`,
);

const server = await servePages(build.outDir);
const firstTryServer = await servePages(firstTry.outDir);
try {
  await withChromium(async (context) => {
    const got = await readPageResult(context, `${server.origin}/`);
    const expected = await expectedBrowserResults();
    console.log(`browser: ${JSON.stringify(got)}`);
    console.log(`node:    ${JSON.stringify(expected)}`);
    for (const [key, value] of Object.entries(expected)) {
      if (key === 'convNet') {
        problems.push(...convNetStepMismatches(got[key], value as ConvNetStep).map((item) => `convNet: ${item}`));
      } else if (!close(got[key], value)) {
        problems.push(`mismatch in ${key}: browser ${JSON.stringify(got[key])}, node ${JSON.stringify(value)}`);
      }
    }

    const noWasmPaths = await readPageResult(context, `${firstTryServer.origin}/no-wasm-paths.html`);
    console.log(`no-wasm-paths page: ${JSON.stringify(noWasmPaths)}`);
    problems.push(...noWasmPathsProblems(noWasmPaths));

    const calibrationResult = await readPageResult(context, `${server.origin}/calibration.html`);
    console.log(`calibration page: ${JSON.stringify(calibrationResult)}`);
    const { backend, ece, gradient } = expected as Record<string, unknown>;
    if (!close(calibrationResult, { backend, ece, gradient })) {
      problems.push(`the calibration page computed ${JSON.stringify(calibrationResult)}`);
    }
  });
} finally {
  await Promise.all([server.close(), firstTryServer.close()]);
  build.remove();
  firstTry.remove();
}
for (const problem of problems) console.error(problem);
if (problems.length > 0) process.exit(1);
console.log(
  'check:browser: the README recipe builds without warnings, computes in Chromium what Node does, explains a ' +
    'missing wasmPaths, and keeps tfjs-layers off a calibration-only page',
);
