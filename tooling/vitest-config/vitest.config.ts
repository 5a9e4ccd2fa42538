import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

import { SummaryReporter } from './summary-reporter.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const setupBackend = join(here, 'setup-backend.ts');

/** Backend-independent test files: options parsing, chart specs, host-array math. */
const HOST_SUFFIX = '.host.test.ts';

/** Workspace folders with a `src/` folder: each is one suite of `src/**\/*.test.ts` files. */
const suites = ['packages', 'apps', 'tooling'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'src')))
    .map((entry) => {
      const dir = join(root, group, entry.name);
      const tests = readdirSync(join(dir, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) =>
        file.endsWith('.test.ts'),
      );
      return {
        name: entry.name,
        dir,
        hasHostTests: tests.some((file) => file.endsWith(HOST_SUFFIX)),
        hasBackendTests: tests.some((file) => !file.endsWith(HOST_SUFFIX)),
      };
    }),
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
 * Folders whose suites drive whole programs (the example app, the playground, the benchmark suite, the docs' examples) rather than
 * numeric code: they run once, on the backend those programs default to.
 */
const programSuites: Record<string, string[]> = {
  example: ['wasm'],
  bench: ['wasm'],
  'release-checks': ['wasm'],
  playground: ['wasm'],
};

interface ProjectOptions {
  /** `<suite>:<label>`: the backend, or `host`. */
  label: string;
  backend: string;
  include: string[];
  exclude?: string[];
  /**
   * Whether each test file gets a fresh process (vitest's `isolate`). Host files share one per worker: they import
   * and set up tfjs once rather than once per file, and restore whatever they change.
   */
  isolate: boolean;
}

function project(suite: { name: string; dir: string }, options: ProjectOptions): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: `${suite.name}:${options.label}`,
      root: suite.dir,
      include: options.include,
      exclude: ['**/node_modules/**', ...(options.exclude ?? [])],
      isolate: options.isolate,
      setupFiles: [setupBackend],
      env: { SOFTLABELS_TEST_BACKEND: options.backend },
    },
  };
}

/**
 * Per suite: `<suite>:<backend>` for each backend (or the program suites' one backend) running every test file except
 * the backend-independent `*.host.test.ts` ones, which run once in `<suite>:host` on the cpu backend.
 */
const projects: TestProjectInlineConfiguration[] = suites.flatMap((suite) => [
  ...(suite.hasBackendTests
    ? (programSuites[suite.name] ?? backends).map((backend) =>
        project(suite, {
          label: backend,
          backend,
          include: ['src/**/*.test.ts'],
          exclude: [`src/**/*${HOST_SUFFIX}`],
          isolate: true,
        }),
      )
    : []),
  ...(suite.hasHostTests
    ? [project(suite, { label: 'host', backend: 'cpu', include: [`src/**/*${HOST_SUFFIX}`], isolate: false })]
    : []),
]);

export default defineConfig({
  root,
  resolve: { conditions: ['@softlabels/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@softlabels/source', 'node', 'import', 'default'] } },
  test: {
    projects,
    pool: 'forks',
    // Every core runs test files (vitest's default leaves one to the main process, which has little to do here).
    maxWorkers: '100%',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
    reporters: ['default', new SummaryReporter()],
  },
});
