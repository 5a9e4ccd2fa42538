// Serves and builds the playground. The workspace packages are read from their sources with @softlabels/core's
// browser variants (as its own browser build is made), and both servers send the headers of cross-origin isolation
// (COOP/COEP), under which tfjs-backend-wasm runs its threaded build. A static host must send the same two headers.
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

/**
 * Hands tfjs-backend-wasm's threads the text of its threaded Emscripten glue as published. The backend starts each
 * thread from a classic worker that imports a Blob of `wasmFactoryThreadedSimd.toString()`: the factory function
 * without the closure that declares `_scriptDir`, which the factory reads behind a `typeof _scriptDir` guard. Bundled
 * and minified, that closure variable is renamed (`e`) and, being in scope, the guard becomes `e !== void 0`, so
 * every thread dies with "ReferenceError: e is not defined". The glue file imported `?raw` is left as published.
 */
const threadedGlueAsPublished: Plugin = {
  name: 'softlabels-tfjs-threaded-glue',
  transform(code, id) {
    if (!id.endsWith('/@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js')) return null;
    const stringified = /`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)/;
    if (!stringified.test(code)) {
      this.error("tfjs-backend-wasm no longer builds its threads' script from wasmFactoryThreadedSimd.toString()");
    }
    return (
      "import threadedSimdGlue from '../wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';\n" +
      code.replace(stringified, 'threadedSimdGlue')
    );
  },
};

export default defineConfig({
  plugins: [browserVariants, threadedGlueAsPublished],
  resolve: { conditions: ['@softlabels/source', ...defaultClientConditions] },
  worker: { format: 'es', plugins: () => [browserVariants, threadedGlueAsPublished] },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: { target: 'es2022' },
});
