import fs from 'node:fs';
import { dirname, join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';

/**
 * Writes a run's files (`name` → text or bytes, names relative to `folder`, `/` for subfolders) all or nothing. It
 * first checks that no target is a folder, then writes every file to a temporary file beside its target and flushes
 * it to disk, and only when all are written renames each over its target. A failure before the renames removes the
 * temporary files and leaves every previous file as it was, so a report and its figures and results always come from
 * the same run.
 *
 * @example
 * ```ts
 * import { writeRunFiles } from './write-run-files';
 * writeRunFiles('/tmp/softlabels-report', { 'results.json': '{}\n', 'figures/a.svg': '<svg/>' });
 * ```
 */
export function writeRunFiles(folder: string, files: Record<string, string | Uint8Array>): void {
  const entries = Object.entries(files).map(([name, data], index) => {
    const path = join(folder, name);
    return { name, path, data, temporary: `${path}.${process.pid}.${index}.tmp` };
  });
  for (const { name, path } of entries) {
    if (fs.existsSync(path) && fs.lstatSync(path).isDirectory()) {
      throw new InvalidArgumentError({
        functionName: 'pnpm example',
        parameter: '--out',
        value: folder,
        expected: `be a folder where ${name} can be written`,
        got: `a folder at ${path}`,
      });
    }
  }
  const written: string[] = [];
  try {
    for (const { path, data, temporary } of entries) {
      fs.mkdirSync(dirname(path), { recursive: true });
      written.push(temporary);
      const descriptor = fs.openSync(temporary, 'w');
      try {
        fs.writeFileSync(
          descriptor,
          typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        );
        fs.fsyncSync(descriptor);
      } finally {
        fs.closeSync(descriptor);
      }
    }
  } catch (error) {
    for (const temporary of written) fs.rmSync(temporary, { force: true });
    throw error;
  }
  for (const { path, temporary } of entries) fs.renameSync(temporary, path);
}
