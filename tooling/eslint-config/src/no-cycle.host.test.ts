import { join, relative, resolve } from 'node:path';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const root = resolve(here, '../../..');
const fixtures = join(here, '__fixtures__');

/** Lints fixture files with the workspace config, as `pnpm lint` does (fixtures are ignored there, not here). */
async function lint(files: string[]): Promise<ESLint.LintResult[]> {
  const eslint = new ESLint({
    cwd: root,
    overrideConfigFile: join(here, '../eslint.config.js'),
    ignore: false,
  });
  return eslint.lintFiles(files.map((file) => join(fixtures, file)));
}

function messages(results: ESLint.LintResult[]): Array<{ file: string; ruleId: string | null; message: string }> {
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: relative(fixtures, result.filePath),
      ruleId: message.ruleId,
      message: message.message,
    })),
  );
}

describe('import-x/no-cycle in the workspace ESLint config', () => {
  it('flags both files of a two-file import cycle', async () => {
    const found = messages(await lint(['cycle/first.ts', 'cycle/second.ts']));
    expect(found.map(({ file, ruleId }) => [file, ruleId])).toEqual([
      [join('cycle', 'first.ts'), 'import-x/no-cycle'],
      [join('cycle', 'second.ts'), 'import-x/no-cycle'],
    ]);
    expect(found[0]?.message).toMatch(/Dependency cycle detected/);
  });

  it('passes files whose imports form no cycle', async () => {
    expect(messages(await lint(['acyclic/first.ts', 'acyclic/second.ts']))).toEqual([]);
  });

  it('resolves workspace packages to their TypeScript source, subpath exports and relative imports', async () => {
    const config = (await import('../eslint.config.js')).default as Array<{ settings?: Record<string, unknown> }>;
    const [resolver] = config.find((block) => block.settings?.['import-x/resolver-next'] !== undefined)?.settings?.[
      'import-x/resolver-next'
    ] as Array<{ resolve(source: string, file: string): { found: boolean; path?: string | null } }>;
    const importer = join(root, 'packages/calibration/src/index.ts');
    expect(resolver?.resolve('@softlabels/core', importer)).toEqual({
      found: true,
      path: join(root, 'packages/core/src/index.ts'),
    });
    expect(resolver?.resolve('@softlabels/core/kernels', importer)).toEqual({
      found: true,
      path: join(root, 'packages/core/src/kernels/index.ts'),
    });
    expect(resolver?.resolve('./second', join(fixtures, 'cycle/first.ts'))).toEqual({
      found: true,
      path: join(fixtures, 'cycle/second.ts'),
    });
    expect(resolver?.resolve('@softlabels/no-such-package', importer).found).toBe(false);
  });
});
