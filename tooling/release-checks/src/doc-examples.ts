import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One runnable `@example` block found in a TSDoc comment. */
export interface DocExample {
  /** `packages/<name>/src/<file>.ts:<line>` of the block. */
  location: string;
  /** The code inside the ```ts fence, comment stars removed. */
  code: string;
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
  const packagesDir = join(root, 'packages');
  const examples: DocExample[] = [];
  for (const name of readdirSync(packagesDir)) {
    const srcDir = join(packagesDir, name, 'src');
    try {
      statSync(srcDir);
    } catch {
      continue;
    }
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
