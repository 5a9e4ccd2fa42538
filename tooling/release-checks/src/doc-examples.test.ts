// Runs every TSDoc `@example` of the published packages, so documentation cannot rot.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { initBackend } from '@softlabels/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { collectDocExamples } from './doc-examples';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const scratch = join(here, '..', '.doc-examples');
const examples = collectDocExamples(root);

describe('TSDoc examples', () => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });

  afterEach(async () => {
    vi.restoreAllMocks();
    await initBackend({ backend: 'wasm' });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('finds examples in every published package', () => {
    const packages = new Set(examples.map((example) => example.location.split('/')[1]));
    expect([...packages].sort()).toEqual(expect.arrayContaining(['core']));
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((example, index) => [example.location, example.code, index] as const))(
    'runs %s',
    async (_location, code, index) => {
      const printed: unknown[][] = [];
      vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(args);
      });
      const file = join(scratch, `example-${index}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      await import(/* @vite-ignore */ pathToFileURL(file).href);
    },
  );
});
