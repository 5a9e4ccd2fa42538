// `pnpm check:consumer`: proves each package installs and works alone, as a user gets it from npm. For every
// published package: pack the workspace (after `pnpm build`), make a scratch project outside the workspace, run the
// README's exact install line with the package name pointing at its tarball, then run the README's example as ESM
// and as CJS, and type-check it with tsc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import ts from 'typescript';

import { asCommonJsSource, readmeSnippets } from './readme-snippets';
import { packPackage, publishedPackages, type PublishedPackage } from './workspace-packages';

const work = mkdtempSync(join(tmpdir(), 'softlabels-consumer-'));
const packs = join(work, 'packs');
const packages = publishedPackages();
const only = process.argv.slice(2);
const tarballs = new Map(packages.map((pkg) => [pkg.name, packPackage(pkg, packs)]));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

function transpile(source: string, module: ts.ModuleKind): string {
  return ts.transpileModule(source, {
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

function checkPackage(pkg: PublishedPackage): void {
  const { installLine, example } = readmeSnippets(join(pkg.dir, 'README.md'));
  const project = join(work, pkg.name.replace('@softlabels/', ''));
  run('mkdir', ['-p', project], work);
  // Workspace packages are not on npm (yet): point every @softlabels name at its tarball, for the package itself and
  // for the dependencies npm resolves transitively (an override may not name a direct dependency).
  const overrides = Object.fromEntries(
    [...tarballs].filter(([name]) => name !== pkg.name).map(([name, tarball]) => [name, `file:${tarball}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'softlabels-consumer', private: true, version: '1.0.0', overrides }, null, 2),
  );
  const args = installLine
    .replace(/^npm install\s+/, '')
    .split(/\s+/)
    .map((word) => (tarballs.has(word) ? `file:${tarballs.get(word)}` : word));
  console.log(`\n== ${pkg.name}\n$ ${installLine}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args], project);
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-save', 'typescript@5.9.3', '@types/node@20'],
    project,
  );

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
}

let failures = 0;
try {
  for (const pkg of packages.filter((candidate) => only.length === 0 || only.includes(candidate.name))) {
    try {
      checkPackage(pkg);
    } catch (error) {
      failures += 1;
      const detail = error as { stdout?: string; stderr?: string; message?: string };
      console.error(`FAILED ${pkg.name}: ${detail.message ?? ''}\n${detail.stdout ?? ''}${detail.stderr ?? ''}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`\ncheck:consumer: ${failures} package(s) failed`);
  process.exit(1);
}
console.log('\ncheck:consumer: every package installs alone and runs its README example as ESM and CJS');
