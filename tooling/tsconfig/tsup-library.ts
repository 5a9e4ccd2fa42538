import { defineConfig, type Options } from 'tsup';

/**
 * The build every published softlabels package shares: ESM + CJS + declarations from `src/index.ts`,
 * type-checked against the built `dist/` of workspace dependencies (not their sources).
 */
export function libraryBuild(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'es2022',
    tsconfig: '../../tooling/tsconfig/build.json',
    ...overrides,
  });
}
