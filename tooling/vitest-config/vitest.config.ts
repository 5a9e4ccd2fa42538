import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import { SummaryReporter } from './summary-reporter';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const setupBackend = join(here, 'setup-backend.ts');

/** Workspace folders whose `src/**\/*.test.ts` run once per backend. */
const suites = ['packages', 'apps', 'tooling'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'src')))
    .map((entry) => ({ name: entry.name, dir: join(root, group, entry.name) })),
);

function cudaPresent(): boolean {
  try {
    createRequire(join(root, 'packages/core/package.json')).resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
}

const backends = ['cpu', 'wasm', ...(cudaPresent() ? ['cuda'] : [])];

/**
 * Folders whose suites drive whole programs (the example app, the benchmark suite, the docs' examples) rather than
 * numeric code: they run
 * once, on the backend those programs default to.
 */
const programSuites: Record<string, string[]> = { example: ['wasm'], bench: ['wasm'], 'release-checks': ['wasm'] };

const projects: TestProjectInlineConfiguration[] = suites.flatMap((suite) =>
  (programSuites[suite.name] ?? backends).map((backend) => ({
    extends: true,
    test: {
      name: `${suite.name}:${backend}`,
      root: suite.dir,
      include: ['src/**/*.test.ts'],
      setupFiles: [setupBackend],
      env: { SOFTLABELS_TEST_BACKEND: backend },
    },
  })),
);

export default defineConfig({
  root,
  resolve: { conditions: ['@softlabels/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@softlabels/source', 'node', 'import', 'default'] } },
  test: {
    projects,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
    reporters: ['default', new SummaryReporter()],
  },
});
