import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads a committed JSON fixture relative to the calling test file:
 * `loadFixture<Case[]>(import.meta.url, './__fixtures__/cases.json')`.
 */
export function loadFixture<T>(callerUrl: string, relativePath: string): T {
  const path = fileURLToPath(new URL(relativePath, callerUrl));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
