import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Workspace groups whose packages may hold property tests. */
const GROUPS = ['packages', 'apps', 'tooling'];

/**
 * Every `*.property.test.ts` under `src/` of the workspace packages below `root`, sorted (the same files vitest runs).
 *
 * @example
 * ```ts
 * import { findPropertyFiles } from './find-property-files';
 *
 * console.log(findPropertyFiles('/path/to/repository').length > 0);
 * ```
 */
export function findPropertyFiles(root: string): string[] {
  const files: string[] = [];
  for (const group of GROUPS) {
    const folder = join(root, group);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const source = join(folder, entry.name, 'src');
      if (!entry.isDirectory() || !existsSync(source)) continue;
      for (const file of readdirSync(source, { recursive: true, encoding: 'utf8' })) {
        if (file.endsWith('.property.test.ts') && !file.split(/[\\/]/).includes('node_modules'))
          files.push(join(source, file));
      }
    }
  }
  return files.sort();
}
