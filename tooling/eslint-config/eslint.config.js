// Flat config for the whole workspace; run from the repository root with
// `eslint --config tooling/eslint-config/eslint.config.js .` (the root script `pnpm lint`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    files: ['**/*.config.{js,ts}', 'tooling/eslint-config/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
