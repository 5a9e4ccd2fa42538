import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One runnable ```ts block: from an `@example` in a TSDoc comment, or from a package README. */
export interface DocExample {
  /** `packages/<name>/src/<file>.ts:<line>` or `packages/<name>/README.md:<line>` of the block's first line. */
  location: string;
  /** The code inside the ```ts fence, comment stars removed. */
  code: string;
}

/** The folders under `packages/` that hold a package. */
function packageFolders(root: string): string[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name))
    .filter((dir) => existsSync(join(dir, 'package.json')));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === '__fixtures__' || entry === 'generated' ? [] : sourceFiles(path);
    return entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Every ```ts block that follows an `@example` tag in the TSDoc of `packages/*\/src` (tests and fixtures excluded).
 */
export function collectDocExamples(root: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const dir of packageFolders(root)) {
    const srcDir = join(dir, 'src');
    if (!existsSync(srcDir)) continue;
    for (const file of sourceFiles(srcDir)) {
      const lines = readFileSync(file, 'utf8').split('\n');
      let inExample = false;
      let block: string[] | undefined;
      let start = 0;
      lines.forEach((line, index) => {
        const text = line.replace(/^\s*\*\s?/, '');
        if (/^\s*\*\s*@example/.test(line)) inExample = true;
        else if (/^\s*\*\s*@\w+/.test(line) || /\*\//.test(line)) {
          if (block === undefined) inExample = false;
        }
        if (!inExample) return;
        if (block === undefined && /^```(ts|typescript)\s*$/.test(text.trim())) {
          block = [];
          start = index + 2;
        } else if (block !== undefined && text.trim() === '```') {
          examples.push({ location: `${relative(root, file)}:${start}`, code: block.join('\n') });
          block = undefined;
          inExample = false;
        } else if (block !== undefined) {
          block.push(text);
        }
      });
    }
  }
  return examples;
}

/**
 * Every ```ts (or ```typescript) block of `packages/*\/README.md`, in order. Snippets that cannot run as they stand
 * (a bundler configuration, a shell session) belong in other fences (```js, ```sh, ```text).
 */
export function collectReadmeExamples(root: string): DocExample[] {
  return packageFolders(root).flatMap((dir) => {
    const readme = join(dir, 'README.md');
    if (!existsSync(readme)) return [];
    const lines = readFileSync(readme, 'utf8').split('\n');
    const examples: DocExample[] = [];
    let block: string[] | undefined;
    let start = 0;
    lines.forEach((line, index) => {
      if (block === undefined && /^```(ts|typescript)\s*$/.test(line)) {
        block = [];
        start = index + 2;
      } else if (block !== undefined && line.trim() === '```') {
        examples.push({ location: `${relative(root, readme)}:${start}`, code: block.join('\n') });
        block = undefined;
      } else if (block !== undefined) {
        block.push(line);
      }
    });
    return examples;
  });
}
