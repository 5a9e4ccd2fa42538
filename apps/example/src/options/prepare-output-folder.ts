import fs from 'node:fs';
import { dirname, join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes sure the run can write its outputs into `out` before any work starts: creates the missing folders one level
 * at a time (a recursive `mkdir` under a virtual file system such as `/proc` can spin forever), then writes and removes
 * a probe file. Anything in the way — a file where a folder should be, a read-only or virtual file system — is an
 * `InvalidArgumentError` naming `--out` and the reason.
 *
 * @example
 * ```ts
 * import { prepareOutputFolder } from './prepare-output-folder';
 * prepareOutputFolder('/tmp/softlabels-report');
 * ```
 */
export function prepareOutputFolder(out: string): void {
  const missing: string[] = [];
  let existing = out;
  while (!fs.existsSync(existing)) {
    missing.unshift(existing);
    const parent = dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    if (!fs.statSync(existing).isDirectory()) throw new Error(`${existing} is a file, not a folder`);
    for (const folder of missing) fs.mkdirSync(folder);
    const probe = join(out, `.softlabels-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    throw new InvalidArgumentError({
      functionName: 'pnpm example',
      parameter: '--out',
      value: out,
      expected: 'be a folder this process can create and write (e.g. --out /tmp/report)',
      got: `${out} (${reason(error)})`,
    });
  }
}
