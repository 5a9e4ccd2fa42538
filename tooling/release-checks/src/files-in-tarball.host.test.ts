import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { missingFilesEntries } from './files-in-tarball';
import { publishedPackages, tarballFiles } from './workspace-packages';

const scratch = mkdtempSync(join(tmpdir(), 'softlabels-files-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('missingFilesEntries', () => {
  const packed = ['package.json', 'README.md', 'dist/index.js', 'dist/sub/index.d.ts', 'LICENSE'];

  it('finds file and folder entries in the tarball', () => {
    expect(missingFilesEntries(['dist', 'README.md', 'LICENSE', './dist/sub/', 'dist/index.js'], packed)).toEqual([]);
  });

  it('names the entries that match nothing, a folder without files and a name that only shares a prefix included', () => {
    expect(missingFilesEntries(['dist', 'CHANGELOG.md', 'docs', 'dist/index', 'READ'], packed)).toEqual([
      'CHANGELOG.md',
      'docs',
      'dist/index',
      'READ',
    ]);
  });

  it('skips negated entries and refuses globs', () => {
    expect(missingFilesEntries(['!dist/*.map', 'dist'], packed)).toEqual([]);
    expect(() => missingFilesEntries(['dist/*.js'], packed)).toThrow(/glob/);
  });

  it('catches a file listed in `files` that pnpm pack leaves out because it does not exist', () => {
    const dir = join(scratch, 'fixture');
    mkdirSync(join(dir, 'dist'), { recursive: true });
    writeFileSync(join(dir, 'dist/index.js'), 'export {};\n');
    writeFileSync(join(dir, 'README.md'), '# fixture\n');
    const files = ['dist', 'README.md', 'CHANGELOG.md'];
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', version: '1.0.0', files }));
    execFileSync('pnpm', ['pack', '--pack-destination', scratch], { cwd: dir, stdio: 'pipe' });
    expect(missingFilesEntries(files, tarballFiles(join(scratch, 'fixture-1.0.0.tgz')))).toEqual(['CHANGELOG.md']);
  });

  it('every published package holds its non-built `files` entries (CHANGELOG.md before any release)', () => {
    for (const pkg of publishedPackages()) {
      const files = (pkg.manifest.files as string[]).filter((entry) => entry !== 'dist');
      expect(
        files.filter((entry) => !existsSync(join(pkg.dir, entry))),
        pkg.name,
      ).toEqual([]);
    }
  });
});
