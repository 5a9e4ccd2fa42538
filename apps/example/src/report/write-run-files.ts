import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

import writeFileAtomic from 'write-file-atomic';

/**
 * Writes a run's files under `folder` (paths relative to it, folders created), each atomically with
 * `write-file-atomic`: the data goes to a temporary file beside the target, which is then renamed over it, so
 * readers (and an interrupted run) only ever see the old or the new file, never a partial one.
 *
 * @example
 * ```ts
 * import { writeRunFiles } from './write-run-files';
 * writeRunFiles('/tmp/example', { 'results.json': '{}', 'figures/chart.svg': '<svg/>' });
 * ```
 */
export function writeRunFiles(folder: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, data] of Object.entries(files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic.sync(
      path,
      typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
    );
  }
}
