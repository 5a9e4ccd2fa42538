// The fast half of `pnpm check:consumer`: with pnpm's strict layout a project can import only what it installed
// itself, so every package a README snippet imports must be named by one of the README's `npm install` commands (a
// dependency or peer that merely comes along, like @softlabels/core under a feature package, is not importable).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { collectReadmeExamples } from './doc-examples';
import { importedPackages, installedPackages } from './readme-snippets';
import { publishedPackages, repositoryRoot } from './workspace-packages';

describe('README install lines', () => {
  it('reads the packages of every npm install command, in a shell block or inline, without versions or flags', () => {
    const markdown = [
      '```sh',
      'npm install @softlabels/vis @tensorflow/tfjs-core@^4.22.0 --save',
      '```',
      'Then `npm install` nothing else; for training:',
      '    npm install vega@6 @tensorflow/tfjs-layers',
      'and for the browser (`npm install vite`) too.',
    ].join('\n');
    expect(installedPackages(markdown)).toEqual([
      '@softlabels/vis',
      '@tensorflow/tfjs-core',
      'vega',
      '@tensorflow/tfjs-layers',
      'vite',
    ]);
  });

  it('reads the imported packages of a snippet, subpaths cut off and built-ins left out', () => {
    const code = [
      "import * as tf from '@tensorflow/tfjs-core';",
      "import '@tensorflow/tfjs-backend-wasm';",
      "import wasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';",
      "import { join } from 'node:path';",
      "import { readFileSync } from 'fs';",
      "import { helper } from './helper';",
      "const vega = await import('vega');",
      "const lodash = require('lodash/fp');",
      'import { initBackend,',
      "  describeBackend } from '@softlabels/core';",
    ].join('\n');
    expect(importedPackages(code)).toEqual([
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-wasm',
      'vega',
      'lodash',
      '@softlabels/core',
    ]);
  });

  it.each(publishedPackages().map((pkg) => [pkg.name, pkg.dir] as const))(
    'names every package the README snippets of %s import',
    (name, dir) => {
      const installed = installedPackages(readFileSync(join(dir, 'README.md'), 'utf8'));
      expect(installed).toContain(name);
      const readme = join(dir, 'README.md');
      const missing = collectReadmeExamples(repositoryRoot)
        .filter((example) => join(repositoryRoot, example.location.replace(/:\d+$/, '')) === readme)
        .flatMap((example) =>
          importedPackages(example.code)
            .filter((imported) => !installed.includes(imported))
            .map((imported) => `${imported} (${example.location})`),
        );
      expect(missing).toEqual([]);
    },
  );
});
