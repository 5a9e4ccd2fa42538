import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';

/** What the consumer test takes from a package README. */
export interface ReadmeSnippets {
  /** The `npm install …` line under "## Install". */
  installLine: string;
  /** The first ```ts block under "## Example". */
  example: string;
}

function section(markdown: string, heading: string): string {
  const start = markdown.search(new RegExp(`^## ${heading}\\s*$`, 'm'));
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const rest = markdown.slice(start + 3);
  const end = rest.search(/^## /m);
  return end < 0 ? rest : rest.slice(0, end);
}

function fence(text: string, languages: string[], what: string): string {
  const match = new RegExp('```(?:' + languages.join('|') + ')\\n([\\s\\S]*?)```').exec(text);
  if (match?.[1] === undefined) throw new Error(`README has no ${languages[0]} block for ${what}`);
  return match[1];
}

/** Reads the install line and the example of a package README, failing clearly when either is missing. */
export function readmeSnippets(readmePath: string): ReadmeSnippets {
  const markdown = readFileSync(readmePath, 'utf8');
  const installLine = fence(section(markdown, 'Install'), ['sh', 'bash', 'shell'], 'the install line')
    .split('\n')
    .find((line) => line.trim().startsWith('npm install'));
  if (installLine === undefined) throw new Error(`${readmePath}: no "npm install" line under "## Install"`);
  return {
    installLine: installLine.trim(),
    example: fence(section(markdown, 'Example'), ['ts', 'typescript'], 'the example'),
  };
}

/**
 * The example as CommonJS source: import lines stay at the top (TypeScript turns them into `require`), the rest runs
 * inside an async function, since CommonJS has no top-level await.
 */
export function asCommonJsSource(example: string): string {
  const lines = example.split('\n');
  const imports: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    if (line.startsWith('import ') || (imports.length > 0 && !imports.at(-1)?.trimEnd().endsWith(';'))) {
      imports.push(line);
      index += 1;
    } else if (line.trim() === '' && imports.length > 0) {
      index += 1;
    } else {
      break;
    }
  }
  const body = lines.slice(index).join('\n');
  return `${imports.join('\n')}\n(async () => {\n${body}\n})().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});\n`;
}

/**
 * The packages named by the `npm install …` commands of a README (any section; a line of a shell block or inline
 * code), without version ranges.
 */
export function installedPackages(markdown: string): string[] {
  return [...markdown.matchAll(/(?:^\s*|`)npm install\s+([^`\n]+)/gm)]
    .flatMap((match) => (match[1] ?? '').split(/\s+/))
    .filter((word) => word.length > 0 && !word.startsWith('-'))
    .map((word) => word.replace(/(?<=.)@[^/]*$/, ''));
}

/**
 * The packages a TypeScript snippet imports (static and dynamic `import`, `require`), by package name: a scoped name
 * keeps its scope, a subpath (`@tensorflow/tfjs-backend-wasm/dist/…`) is cut off; `node:` modules and relative paths
 * and other built-ins, and relative paths, are left out.
 */
export function importedPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g)].map(
    (match) => match[1] ?? '',
  );
  const names = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(names)];
}
