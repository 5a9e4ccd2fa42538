// The Vite configuration the README of @softlabels/core recommends ('In the browser'): a target that allows the
// examples' top-level await. Three pages: the README recipe (index.html), the same page without `wasmPaths`
// (no-wasm-paths.html), and a calibration-only page (calibration.html) whose bundle must not contain tfjs-layers.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

export const browserPages = ['index', 'no-wasm-paths', 'calibration'] as const;

export default defineConfig({
  build: {
    target: 'es2022',
    rollupOptions: { input: Object.fromEntries(browserPages.map((page) => [page, resolve(root, `${page}.html`)])) },
  },
});
