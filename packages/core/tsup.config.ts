import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import type { Options } from 'tsup';

import { libraryBuild } from '../../tooling/tsconfig/tsup-library';

const entry = { index: 'src/index.ts', kernels: 'src/kernels/index.ts' };

/**
 * Resolves `./x` to `./x.browser.ts` where that file exists: the browser build's replacements of the Node-only
 * modules (`node:module` for optional peers, tfjs-layers for gradients).
 */
const browserVariants: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'softlabels-browser-variants',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const variant = resolve(args.resolveDir, `${args.path}.browser.ts`);
      return existsSync(variant) ? { path: variant } : undefined;
    });
  },
};

// Two entry points sharing one copy of every module (splitting in both formats), so the kernel layer and the root
// entry see the same backend state, thread pool and error classes. The same two again for browsers (package.json's
// `browser` condition, in dist/browser), with the browser variants of the Node-only modules.
export default [
  libraryBuild({ entry, splitting: true, clean: ['!browser/**'] }),
  libraryBuild({
    entry,
    splitting: true,
    format: ['esm'],
    platform: 'browser',
    outDir: 'dist/browser',
    dts: false,
    esbuildPlugins: [browserVariants],
  }),
];
