// The release flow's first step works offline: `changeset version` on a sample changeset bumps the five published
// packages together (they are `fixed` before 1.0), rewrites internal dependency ranges, and writes CHANGELOGs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { publishedPackages, repositoryRoot } from './workspace-packages';

const require = createRequire(import.meta.url);
const changesetBin = join(dirname(require.resolve('@changesets/cli/package.json')), 'bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'softlabels-changesets-'));

describe('changeset version', () => {
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('bumps every published package and writes changelogs', () => {
    for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repositoryRoot, file), join(scratch, file));
    mkdirSync(join(scratch, '.changeset'));
    cpSync(join(repositoryRoot, '.changeset/config.json'), join(scratch, '.changeset/config.json'));
    for (const group of ['packages', 'apps', 'tooling']) {
      for (const entry of readdirSync(join(repositoryRoot, group))) {
        const manifest = join(repositoryRoot, group, entry, 'package.json');
        if (!existsSync(manifest)) continue;
        mkdirSync(join(scratch, group, entry), { recursive: true });
        cpSync(manifest, join(scratch, group, entry, 'package.json'));
      }
    }
    writeFileSync(
      join(scratch, '.changeset/sample-change.md'),
      "---\n'@softlabels/smoothing': minor\n---\n\nA sample change for the release-flow test.\n",
    );
    execFileSync('git', ['init', '-q'], { cwd: scratch });
    execFileSync(process.execPath, [changesetBin, 'version'], { cwd: scratch, stdio: 'pipe' });

    for (const pkg of publishedPackages()) {
      const folder = join(scratch, 'packages', pkg.dir.split('/').at(-1) ?? '');
      const bumped = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string };
      expect(bumped.version, pkg.name).not.toBe(pkg.manifest.version);
      expect(existsSync(join(folder, 'CHANGELOG.md')), pkg.name).toBe(true);
    }
    const changelog = readFileSync(join(scratch, 'packages/smoothing/CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('A sample change for the release-flow test.');
    expect(existsSync(join(scratch, '.changeset/sample-change.md'))).toBe(false);
  });
});
