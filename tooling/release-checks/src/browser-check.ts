// `pnpm check:browser`: builds the Vite page in ../browser against the built packages (run `pnpm build` first),
// serves it on 127.0.0.1, opens it in headless Debian Chromium and compares what the page computed on the wasm
// backend (the packages' functions, and one SGD step of a small tfjs-layers conv net) with the same computation in
// Node.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { withChromium } from '@softlabels/test-utils';
import { build, preview } from 'vite';

import type { ConvNetStep } from '../browser/conv-net-step';
import { expectedBrowserResults } from './browser-expected';
import { convNetStepMismatches } from './conv-net-step-agreement';

const browserRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../browser');
const outDir = join(browserRoot, 'dist');

await build({ root: browserRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' } });
const server = await preview({
  root: browserRoot,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port: 0 },
  build: { outDir },
});
const address = server.httpServer.address();
if (address === null || typeof address === 'string') throw new Error('preview server has no port');

/** Numbers agree to float32 tolerance, arrays element-wise, anything else exactly. */
function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, index) => close(item, b[index]));
  return JSON.stringify(a) === JSON.stringify(b);
}

let failed = false;
try {
  await withChromium(async (context) => {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForSelector('#result[data-done="true"]', { timeout: 60_000 });
    const got = JSON.parse((await page.textContent('#result')) ?? '{}') as Record<string, unknown>;
    const expected = await expectedBrowserResults();
    console.log(`browser: ${JSON.stringify(got)}`);
    console.log(`node:    ${JSON.stringify(expected)}`);
    for (const [key, value] of Object.entries(expected)) {
      if (key === 'convNet') {
        const mismatches = convNetStepMismatches(got[key], value as ConvNetStep);
        failed ||= mismatches.length > 0;
        for (const mismatch of mismatches) console.error(`mismatch in convNet: ${mismatch}`);
      } else if (!close(got[key], value)) {
        failed = true;
        console.error(`mismatch in ${key}: browser ${JSON.stringify(got[key])}, node ${JSON.stringify(value)}`);
      }
    }
  });
} finally {
  await new Promise<void>((done) => server.httpServer.close(() => done()));
}
if (failed) process.exit(1);
console.log('check:browser: the Vite page computes the same numbers in Chromium as Node does');
