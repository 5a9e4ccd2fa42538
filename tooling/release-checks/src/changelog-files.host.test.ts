// Every published package ships a CHANGELOG.md from its first release on: the file starts as the package's heading
// alone, and `changeset version` adds each release under that heading rather than writing a second one.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { publishedPackages, repositoryRoot } from './workspace-packages';

const require = createRequire(import.meta.url);
const changesetBin = join(dirname(require.resolve('@changesets/cli/package.json')), 'bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'softlabels-changelogs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('CHANGELOG.md', () => {
  it("starts as the package's heading and nothing else", () => {
    for (const pkg of publishedPackages()) {
      expect(readFileSync(join(pkg.dir, 'CHANGELOG.md'), 'utf8'), pkg.name).toBe(`# ${pkg.name}\n`);
    }
  });

  it('gets each release under that heading from changeset version', () => {
    for (const file of ['package.json', 'pnpm-workspace.yaml', '.changeset/config.json']) {
      mkdirSync(dirname(join(scratch, file)), { recursive: true });
      cpSync(join(repositoryRoot, file), join(scratch, file));
    }
    // changesets reads every workspace manifest (its config names the private ones); the published ones bring their
    // CHANGELOG.md.
    for (const group of ['packages', 'apps', 'tooling']) {
      for (const entry of readdirSync(join(repositoryRoot, group))) {
        for (const file of ['package.json', 'CHANGELOG.md']) {
          const source = join(repositoryRoot, group, entry, file);
          if (!existsSync(source)) continue;
          mkdirSync(join(scratch, group, entry), { recursive: true });
          cpSync(source, join(scratch, group, entry, file));
        }
      }
    }
    writeFileSync(join(scratch, '.changeset/sample.md'), "---\n'@softlabels/vis': patch\n---\n\nA sample fix.\n");
    execFileSync('git', ['init', '-q'], { cwd: scratch });
    execFileSync(process.execPath, [changesetBin, 'version'], { cwd: scratch, stdio: 'pipe' });

    const changelog = readFileSync(join(scratch, 'packages/vis/CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(/^# @softlabels\/vis\n\n## 0\.0\.1\n\n### Patch Changes\n\n- A sample fix\.\n/);
    expect(changelog.match(/^# /gm)).toHaveLength(1);
  });
});
