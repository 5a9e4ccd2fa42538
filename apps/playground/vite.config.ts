// Serves and builds the playground. The workspace packages are read from their sources with @softlabels/core's
// browser variants (as its own browser build is made), and both servers send the headers of cross-origin isolation
// (COOP/COEP), under which tfjs-backend-wasm may use threads. A static host must send the same two headers.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** The headers that make the page cross-origin isolated (SharedArrayBuffer, hence WASM threads). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Resolves `./x` to `./x.browser.ts` where that file exists (the browser variants of core's Node-only modules). */
const browserVariants: Plugin = {
  name: 'softlabels-browser-variants',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer === undefined || !/^\.\.?\//.test(source) || importer.includes('node_modules')) return null;
    const variant = resolve(dirname(importer), `${source}.browser.ts`);
    return existsSync(variant) ? variant : null;
  },
};

export default defineConfig({
  plugins: [browserVariants],
  resolve: { conditions: ['@softlabels/source', ...defaultClientConditions] },
  worker: { format: 'es', plugins: () => [browserVariants] },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022' },
});
