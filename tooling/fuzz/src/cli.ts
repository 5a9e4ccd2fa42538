// `pnpm fuzz [--minutes N] [--seed S] [--backend wasm|cpu|both] [--filter TEXT]`: runs the property tests of every
// package (the same definitions `pnpm test` runs with fixed seeds) with fresh seeds until time is up, one process per
// backend side by side, and exits non-zero when any property failed.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { initBackend } from '@softlabels/core';
import { collectPropertySuites } from '@softlabels/test-utils';

import { findPropertyFiles } from './find-property-files';
import { runFuzzLoop } from './fuzz-loop';
import { type FuzzArguments, type FuzzBackend, parseFuzzArguments } from './parse-arguments';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SUMMARY = '@@fuzz-summary ';

/** Fuzzes on one backend in this process; returns the exit code. */
async function fuzzOn(backend: FuzzBackend, args: FuzzArguments): Promise<number> {
  await initBackend({ backend });
  const files = findPropertyFiles(root);
  const suites = await collectPropertySuites(async () => {
    for (const file of files) await import(pathToFileURL(file).href);
  });
  const filter = args.filter?.toLowerCase();
  const chosen = suites
    .map((suite) => ({
      ...suite,
      properties: suite.properties.filter(
        (property) => filter === undefined || `${suite.name} > ${property.name}`.toLowerCase().includes(filter),
      ),
    }))
    .filter((suite) => suite.properties.length > 0);
  const count = chosen.reduce((sum, suite) => sum + suite.properties.length, 0);
  console.log(
    `fuzzing ${count} properties of ${chosen.length} suites (${files.length} files) for ${args.minutes} min, seed ${args.seed}`,
  );
  if (count === 0) {
    console.log('0 cases, 0 failures');
    console.log(`${SUMMARY}${JSON.stringify({ cases: 0, failures: 0 })}`);
    return 1;
  }
  const outcome = await runFuzzLoop(chosen, {
    durationMs: args.minutes * 60_000,
    seed: args.seed,
    log: (line) => console.log(line),
  });
  console.log(`${outcome.cases} cases, ${outcome.failures.length} failures`);
  console.log(`${SUMMARY}${JSON.stringify({ cases: outcome.cases, failures: outcome.failures.length })}`);
  return outcome.failures.length > 0 ? 1 : 0;
}

/** Runs one child process per backend, prefixing their lines; prints the total and returns the exit code. */
async function fuzzSideBySide(args: FuzzArguments, rawArgs: string[]): Promise<number> {
  const withoutBackend = rawArgs.filter(
    (arg, index) => arg !== '--backend' && rawArgs[index - 1] !== '--backend' && !arg.startsWith('--backend='),
  );
  const totals = { cases: 0, failures: 0 };
  const codes = await Promise.all(
    args.backends.map(
      (backend) =>
        new Promise<number>((done) => {
          const child = spawn(
            process.execPath,
            [
              ...process.execArgv,
              fileURLToPath(import.meta.url),
              ...withoutBackend,
              '--seed',
              String(args.seed),
              '--backend',
              backend,
            ],
            { stdio: ['ignore', 'pipe', 'pipe'] },
          );
          for (const stream of [child.stdout, child.stderr]) {
            createInterface({ input: stream }).on('line', (line) => {
              if (line.startsWith(SUMMARY)) {
                const summary = JSON.parse(line.slice(SUMMARY.length)) as { cases: number; failures: number };
                totals.cases += summary.cases;
                totals.failures += summary.failures;
              } else {
                console.log(`[${backend}] ${line}`);
              }
            });
          }
          child.on('close', (code) => done(code ?? 1));
        }),
    ),
  );
  console.log(`${totals.cases} cases, ${totals.failures} failures`);
  return codes.every((code) => code === 0) ? 0 : 1;
}

async function main(): Promise<number> {
  const rawArgs = process.argv.slice(2).filter((arg) => arg !== '--');
  let args: FuzzArguments;
  try {
    args = parseFuzzArguments(rawArgs);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (args.backends.length === 1) return fuzzOn(args.backends[0] as FuzzBackend, args);
  return fuzzSideBySide(args, rawArgs);
}

// Worker threads of the kernels would keep the process alive: leave explicitly.
process.exit(await main());
