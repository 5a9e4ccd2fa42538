import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { ScenarioContext, ScenarioResult } from '../scenario';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The wall time of `pnpm example` as a user runs it from the repository root (`--quick`, or the default run), into a
 * scratch output folder, with `extraArguments` after the mode's flags. One run: the example is deterministic, and the
 * default run takes minutes. A run that exits non-zero gives no measurement and its exit code in the note.
 */
export async function exampleScenario(
  mode: 'quick' | 'default',
  context: ScenarioContext,
  extraArguments: readonly string[] = [],
): Promise<ScenarioResult> {
  const out = mkdtempSync(join(tmpdir(), 'softlabels-bench-example-'));
  const flags = [...(mode === 'quick' ? ['--quick'] : []), ...extraArguments];
  context.step(['pnpm example', ...flags].join(' '));
  const start = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('pnpm', ['example', ...flags, '--out', out], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const elapsed = performance.now() - start;
  rmSync(out, { recursive: true, force: true });
  const measurement = code === 0 ? { medianMs: elapsed, minMs: elapsed, repeats: 1 } : undefined;
  return {
    id: `example-${mode}`,
    title: 'example wall time',
    size: mode === 'quick' ? '--quick' : 'default',
    entries: [
      {
        name: 'ours',
        label: `pnpm example${mode === 'quick' ? ' --quick' : ''} (one run, wall clock)`,
        measurement,
        ...(code === 0 ? {} : { note: `exited with code ${code}` }),
      },
    ],
    targets: [],
  };
}
