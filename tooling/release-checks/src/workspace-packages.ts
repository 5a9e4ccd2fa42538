import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A publishable package of the workspace. */
export interface PublishedPackage {
  /** npm name, e.g. `@softlabels/core`. */
  name: string;
  /** Absolute folder. */
  dir: string;
  /** The manifest. */
  manifest: Record<string, unknown>;
}

/** Every non-private package under `packages/`. */
export function publishedPackages(): PublishedPackage[] {
  const packagesDir = join(repositoryRoot, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>,
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: String(manifest.name), dir, manifest }));
}

/** Packs one package with pnpm (which applies `publishConfig`) into `destination`; returns the tarball path. */
export function packPackage(pkg: PublishedPackage, destination: string): string {
  mkdirSync(destination, { recursive: true });
  const before = new Set(readdirSync(destination));
  execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, stdio: 'pipe' });
  const created = readdirSync(destination).find((file) => file.endsWith('.tgz') && !before.has(file));
  if (created === undefined) throw new Error(`pnpm pack produced no tarball for ${pkg.name}`);
  return join(destination, created);
}

/** The file list of a tarball (paths without the leading `package/`). */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => line.replace(/^package\//, ''));
}
