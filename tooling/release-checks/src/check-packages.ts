// `pnpm check:packages`: every published package, packed as npm would get it, passes publint --strict and
// @arethetypeswrong/cli, its tarball holds only dist/, README, LICENSE, CHANGELOG, package.json and the scripts its
// `bin` field names, and every entry of its `files` list is in the tarball (pnpm pack silently leaves out an entry
// that does not exist). Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { formatMessage } from 'publint/utils';
import { publint } from 'publint';

import { missingFilesEntries } from './files-in-tarball';
import { packPackage, publishedPackages, tarballFiles } from './workspace-packages';

const allowed = /^(dist\/.+|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
const require = createRequire(import.meta.url);
const attwBin = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');
const destination = mkdtempSync(join(tmpdir(), 'softlabels-packs-'));
let failures = 0;

try {
  for (const pkg of publishedPackages()) {
    console.log(`\n== ${pkg.name}`);
    const { messages, pkg: manifest } = await publint({ pkgDir: pkg.dir, strict: true, pack: 'pnpm' });
    for (const message of messages) console.log(`publint ${message.type}: ${formatMessage(message, manifest)}`);
    if (messages.length > 0) failures += 1;
    else console.log('publint --strict: no issues');

    const tarball = packPackage(pkg, destination);
    const packed = tarballFiles(tarball);
    const bin = pkg.manifest.bin as string | Record<string, string> | undefined;
    const binFiles = new Set(
      (typeof bin === 'string' ? [bin] : Object.values(bin ?? {})).map((path) => path.replace(/^\.\//, '')),
    );
    const stray = packed.filter((file) => !allowed.test(file) && !binFiles.has(file));
    const missing = missingFilesEntries((pkg.manifest.files as string[] | undefined) ?? [], packed);
    if (stray.length > 0) {
      failures += 1;
      console.log(`tarball holds files outside the allow-list: ${stray.join(', ')}`);
    }
    if (missing.length > 0) {
      failures += 1;
      console.log(`tarball lacks entries its "files" list names: ${missing.join(', ')}`);
    }
    if (stray.length === 0 && missing.length === 0) {
      console.log(`tarball: ${packed.length} files, all allowed, every "files" entry present`);
    }

    try {
      execFileSync(process.execPath, [attwBin, tarball, '--format', 'ascii'], { stdio: 'pipe', encoding: 'utf8' });
      console.log('attw: no problems');
    } catch (error) {
      failures += 1;
      console.log(`attw found problems:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`\ncheck:packages: ${failures} problem(s)`);
  process.exit(1);
}
console.log('\ncheck:packages: every package is fit to publish');
