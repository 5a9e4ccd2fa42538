// Builds the Vite pages in ../browser as a newcomer would (the README recipe of @softlabels/core, 'In the browser':
// tfjs-backend-wasm's .wasm files copied into the public folder, Vite's build with the page's vite.config.ts) and
// reads the result: the warnings Vite printed, and which modules and bytes each page loads.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { build, createLogger, defaultClientConditions, type Plugin, type Rollup } from 'vite';

import { browserPages } from '../browser/vite.config';

export const browserRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../browser');

/** The README's step: copy tfjs-backend-wasm's three .wasm files into a folder the site serves (Vite: public/). */
function copyWasmFiles(publicDir: string): string[] {
  const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  const files = readdirSync(wasmDist).filter((file) => file.endsWith('.wasm'));
  for (const file of files) copyFileSync(join(wasmDist, file), join(publicDir, file));
  return files;
}

/**
 * Resolves `./x` to `./x.browser.ts` where that file exists, as @softlabels/core's tsup build does for its browser
 * entry: for builds that read the workspace packages from source.
 */
const browserVariants: Plugin = {
  name: 'softlabels-browser-variants',
  enforce: 'pre',
  resolveId(source, importer) {
    if (importer === undefined || !/^\.\.?\//.test(source)) return null;
    const variant = resolve(dirname(importer), `${source}.browser.ts`);
    return existsSync(variant) ? variant : null;
  },
};

/** What one page loads: its entry chunk and every chunk it imports, statically or dynamically. */
export interface PageBundle {
  files: string[];
  bytes: number;
  gzipBytes: number;
  /** The modules bundled into those chunks (absolute paths). */
  modules: string[];
}

export interface BrowserBuild {
  /** Vite's warnings during the build. */
  warnings: string[];
  pages: Record<(typeof browserPages)[number], PageBundle>;
  outDir: string;
  /** Removes the build's output and public folders. */
  remove: () => void;
}

function pageBundle(chunks: Map<string, Rollup.OutputChunk>, page: string): PageBundle {
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry && chunk.name === page);
  if (entry === undefined) throw new Error(`the build has no entry chunk for ${page}.html`);
  const seen = new Set<string>();
  const visit = (fileName: string): void => {
    const chunk = chunks.get(fileName);
    if (chunk === undefined || seen.has(fileName)) return;
    seen.add(fileName);
    for (const next of [...chunk.imports, ...chunk.dynamicImports]) visit(next);
  };
  visit(entry.fileName);
  const loaded = [...seen].map((fileName) => chunks.get(fileName) as Rollup.OutputChunk);
  return {
    files: [...seen],
    bytes: loaded.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.code), 0),
    gzipBytes: loaded.reduce((sum, chunk) => sum + gzipSync(chunk.code).length, 0),
    modules: loaded.flatMap((chunk) => chunk.moduleIds),
  };
}

/**
 * Builds the pages; `copyWasm`: whether to take the README's step of copying the .wasm files into the public folder
 * (a newcomer's first try does not). `from: 'dist'` resolves the packages as a consumer's install does (their built `dist/`, the
 * `browser` condition first); `'source'` reads the workspace sources (no build needed) with the same browser
 * variants; `'node-entry'` ignores the `browser` condition (what a bundle of the Node entry would weigh).
 */
export async function buildBrowserPages(
  from: 'dist' | 'source' | 'node-entry',
  copyWasm: boolean,
): Promise<BrowserBuild> {
  const publicDir = mkdtempSync(join(tmpdir(), 'softlabels-public-'));
  if (copyWasm) copyWasmFiles(publicDir);
  const outDir = mkdtempSync(join(tmpdir(), 'softlabels-browser-'));
  const warnings: string[] = [];
  const logger = createLogger('warn');
  const warn = logger.warn.bind(logger);
  logger.warn = (message, options) => {
    warnings.push(message);
    warn(message, options);
  };
  logger.warnOnce = logger.warn;
  const conditions =
    from === 'source'
      ? ['@softlabels/source', ...defaultClientConditions]
      : defaultClientConditions.filter((condition) => from === 'dist' || condition !== 'browser');
  const output = await build({
    root: browserRoot,
    publicDir,
    customLogger: logger,
    logLevel: 'warn',
    plugins: from === 'source' ? [browserVariants] : [],
    resolve: { conditions },
    build: { outDir, emptyOutDir: true, reportCompressedSize: false },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rollup.RollupOutput[];
  const chunks = new Map<string, Rollup.OutputChunk>();
  for (const item of outputs.flatMap((result) => result.output)) {
    if (item.type === 'chunk') chunks.set(item.fileName, item);
  }
  const pages = Object.fromEntries(
    browserPages.map((page) => [page, pageBundle(chunks, page)]),
  ) as BrowserBuild['pages'];
  const remove = (): void => {
    for (const dir of [publicDir, outDir]) rmSync(dir, { recursive: true, force: true });
  };
  return { warnings, pages, outDir, remove };
}

/** The packages of a page's modules that come from node_modules, e.g. `@tensorflow/tfjs-layers`. */
export function bundledPackages(bundle: PageBundle): string[] {
  const names = bundle.modules.flatMap((id) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(id);
    return match?.[1] === undefined ? [] : [match[1]];
  });
  return [...new Set(names)].sort();
}
