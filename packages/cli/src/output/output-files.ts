import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The files one run writes, all or none: {@link OutputFiles.write} puts each under a hidden temporary name beside its
 * destination, {@link OutputFiles.commit} renames them all into place, {@link OutputFiles.abort} removes the
 * temporary files (and the folders this run created), so a failed run leaves nothing behind.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { OutputFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const files = new OutputFiles();
 * try {
 *   await files.write(join(dir, 'out', 'metrics.json'), '{}\n');
 *   await files.commit();
 * } catch (error) {
 *   await files.abort();
 *   throw error;
 * }
 * ```
 */
export class OutputFiles {
  private readonly pending: { temporary: string; destination: string }[] = [];
  private readonly createdFolders: string[] = [];

  /** Writes `content` under a temporary name beside `destination` (creating missing folders). */
  async write(destination: string, content: string | Uint8Array): Promise<void> {
    await writeFile(await this.temporaryPath(destination), content);
  }

  /**
   * The temporary name beside `destination` (creating missing folders) for a file the caller writes itself, e.g. one
   * streamed chunk by chunk; {@link OutputFiles.commit} renames it into place like the files of `write`.
   */
  async temporaryPath(destination: string): Promise<string> {
    const target = resolve(destination);
    const folder = dirname(target);
    const created = await mkdir(folder, { recursive: true });
    if (created !== undefined) this.createdFolders.push(created);
    const temporary = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.pending.push({ temporary, destination: target });
    return temporary;
  }

  /** Renames every written file into place. */
  async commit(): Promise<string[]> {
    const written: string[] = [];
    for (const { temporary, destination } of this.pending) {
      await rename(temporary, destination);
      written.push(destination);
    }
    this.pending.length = 0;
    this.createdFolders.length = 0;
    return written;
  }

  /** Removes every temporary file and the folders this run created (when they are empty). */
  async abort(): Promise<void> {
    await Promise.all(this.pending.map(({ temporary }) => rm(temporary, { force: true })));
    this.pending.length = 0;
    for (const folder of this.createdFolders.reverse()) {
      await removeEmptyTree(folder);
    }
    this.createdFolders.length = 0;
  }
}

/** Removes `folder` and the empty folders below it; leaves it where anything else lies inside. */
async function removeEmptyTree(folder: string): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await removeEmptyTree(join(folder, entry.name));
  }
  await rmdir(folder).catch(() => undefined);
}

/**
 * Runs `body` with a fresh {@link OutputFiles}, committing its files when `body` resolves and removing them when it
 * throws (the error is rethrown). Resolves to the paths written.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { withOutputFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const written = await withOutputFiles(async (files) => {
 *   await files.write(join(dir, 'out', 'state.json'), '{}\n');
 * });
 * console.log(written);
 * ```
 */
export async function withOutputFiles(body: (files: OutputFiles) => Promise<void>): Promise<string[]> {
  const files = new OutputFiles();
  try {
    await body(files);
    return await files.commit();
  } catch (error) {
    await files.abort();
    throw error;
  }
}
