// `pnpm check:consumer`: proves each package installs and works alone, as a user gets it from npm. For every
// published package and for each of npm and pnpm: pack the workspace (after `pnpm build`), make a scratch project
// outside the workspace, run the README's exact install line (`pnpm add …` for pnpm) with the package name pointing
// at its tarball, then run the README's example as ESM and as CJS, and type-check it with tsc. pnpm's strict layout
// lets the project import only what it installed itself, so an install line that leaves out a package the example
// imports (say @softlabels/core under a feature package) fails there with ERR_MODULE_NOT_FOUND while npm's hoisting
// hides it. Both fetch the tfjs packages from the registry (npm's cache and pnpm's store make repeats fast).
//
//   pnpm check:consumer [--manager=npm|pnpm] [@softlabels/name …]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ts from 'typescript';

import { asCommonJsSource, readmeSnippets } from './readme-snippets';
import { packPackage, publishedPackages, type PublishedPackage } from './workspace-packages';

const work = mkdtempSync(join(tmpdir(), 'softlabels-consumer-'));
const packs = join(work, 'packs');
const packages = publishedPackages();
type Manager = 'npm' | 'pnpm';
const managerFlag = process.argv.slice(2).find((arg) => arg.startsWith('--manager='));
const managers: Manager[] =
  managerFlag === undefined ? ['npm', 'pnpm'] : [managerFlag.slice('--manager='.length) as Manager];
if (managers.some((manager) => manager !== 'npm' && manager !== 'pnpm')) {
  throw new Error(`check:consumer: --manager must be npm or pnpm, got ${managerFlag}`);
}
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const tarballs = new Map(packages.map((pkg) => [pkg.name, packPackage(pkg, packs)]));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

function transpile(source: string, module: ts.ModuleKind): string {
  return ts.transpileModule(source, {
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/**
 * The scratch project's manifest: every @softlabels name resolves to its tarball. npm refuses an override that names
 * a direct dependency, so the packages on the install line (which names their tarballs) are left out of its
 * overrides; pnpm applies its overrides to every occurrence, direct ones included.
 */
function scratchManifest(installed: string[], manager: Manager): Record<string, unknown> {
  const base = { name: 'softlabels-consumer', private: true, version: '1.0.0' };
  const entries = [...tarballs].filter(([name]) => manager === 'pnpm' || !installed.includes(name));
  const overrides = Object.fromEntries(entries.map(([name, tarball]) => [name, `file:${tarball}`]));
  return manager === 'npm' ? { ...base, overrides } : { ...base, pnpm: { overrides } };
}

function install(manager: Manager, packages: string[], project: string, tooling: boolean): void {
  if (manager === 'npm') {
    const flags = ['--no-audit', '--no-fund', '--loglevel=error', ...(tooling ? ['--no-save'] : [])];
    run('npm', ['install', ...flags, ...packages], project);
  } else {
    run('pnpm', ['add', '--loglevel=error', ...(tooling ? ['--save-dev'] : []), ...packages], project);
  }
}

function checkPackage(pkg: PublishedPackage, manager: Manager): void {
  const { installLine, example } = readmeSnippets(join(pkg.dir, 'README.md'));
  const project = join(work, manager, pkg.name.replace('@softlabels/', ''));
  mkdirSync(project, { recursive: true });
  const words = installLine.replace(/^npm install\s+/, '').split(/\s+/);
  // Workspace packages are not on npm (yet): point every @softlabels name at its tarball.
  writeFileSync(join(project, 'package.json'), JSON.stringify(scratchManifest(words, manager), null, 2));
  const args = words.map((word) => (tarballs.has(word) ? `file:${tarballs.get(word)}` : word));
  const started = performance.now();
  console.log(
    `\n== ${pkg.name} (${manager})\n$ ${manager === 'npm' ? installLine : installLine.replace(/^npm install/, 'pnpm add')}`,
  );
  install(manager, args, project, false);
  install(manager, ['typescript@5.9.3', '@types/node@20'], project, true);

  writeFileSync(join(project, 'example.mjs'), transpile(example, ts.ModuleKind.ESNext));
  console.log(`ESM: ${run(process.execPath, ['example.mjs'], project).trim().split('\n').at(-1) ?? ''}`);
  writeFileSync(join(project, 'example.cjs'), transpile(asCommonJsSource(example), ts.ModuleKind.CommonJS));
  console.log(`CJS: ${run(process.execPath, ['example.cjs'], project).trim().split('\n').at(-1) ?? ''}`);

  writeFileSync(join(project, 'example.mts'), `${example}\nexport {};\n`);
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        // tfjs-core's own declarations need @types/long; users set skipLibCheck, and so do we.
        skipLibCheck: true,
        types: ['node'],
      },
      files: ['example.mts'],
    }),
  );
  run(join(project, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], project);
  console.log('tsc: example type-checks against the published types');
  console.log(`${((performance.now() - started) / 1000).toFixed(1)} s`);
}

let failures = 0;
try {
  for (const pkg of packages.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
    for (const manager of managers) {
      try {
        checkPackage(pkg, manager);
      } catch (error) {
        failures += 1;
        const detail = error as { stdout?: string; stderr?: string; message?: string };
        console.error(
          `FAILED ${pkg.name} (${manager}): ${detail.message ?? ''}\n${detail.stdout ?? ''}${detail.stderr ?? ''}`,
        );
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`\ncheck:consumer: ${failures} install(s) failed`);
  process.exit(1);
}
console.log(
  `\ncheck:consumer: every package installs alone with ${managers.join(' and ')} and runs its README example as ESM and CJS`,
);
