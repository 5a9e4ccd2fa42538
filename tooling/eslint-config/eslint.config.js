// Flat config for the whole workspace; run from the repository root with
// `eslint --config tooling/eslint-config/eslint.config.js .` (the root script `pnpm lint`).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/kernels/build/**',
      // AssemblyScript, not TypeScript (its @inline decorator on functions does not parse here); asc compiles and
      // type-checks it in `build:kernels`.
      'packages/core/src/kernels/assembly/**',
      '**/__fixtures__/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports only.' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // No import cycles, across relative imports and workspace packages alike: `@softlabels/*` resolves through the
    // `@softlabels/source` export condition to the package's TypeScript source, as vitest and tsx load it.
    files: ['**/*.{ts,tsx,mts,cts}'],
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x parses to follow their imports (TypeScript through typescript-eslint's parser).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['packages/*/tsconfig.json', 'apps/*/tsconfig.json', 'tooling/*/tsconfig.json'].map((pattern) =>
            resolve(root, pattern),
          ),
          noWarnOnMultipleProjects: true,
          conditionNames: ['@softlabels/source', 'types', 'import', 'node', 'default'],
        }),
      ],
    },
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    files: ['**/*.config.{js,ts}', 'tooling/eslint-config/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
