import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the data goes to a temporary name in the same folder, which is then renamed over the
 * target, so readers (and an interrupted run) only ever see the old or the new file, never a partial one.
 *
 * @example
 * ```ts
 * import { writeFileAtomic } from './write-file-atomic';
 * writeFileAtomic('/tmp/example/results.json', '{}');
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
