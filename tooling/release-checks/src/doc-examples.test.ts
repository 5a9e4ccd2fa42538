// Runs every TSDoc `@example` of the published packages, so documentation cannot rot.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { initBackend } from '@softlabels/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

import { collectDocExamples } from './doc-examples';
import { runInBrowser } from './run-in-browser';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const scratch = join(here, '..', '.doc-examples');
const examples = collectDocExamples(root);
/** Examples that need a DOM run in headless Chromium; the rest run here, in Node. */
const needsDom = (code: string): boolean => /\b(document|window)\./.test(code);
const nodeExamples = examples.filter((example) => !needsDom(example.code));
const browserExamples = examples.filter((example) => needsDom(example.code));

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
    expect([...packages].sort()).toEqual(['calibration', 'core', 'distillation', 'smoothing', 'vis']);
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(browserExamples.map((example) => [example.location, example.code] as const))(
    'runs %s in Chromium',
    async (_location, code) => {
      const run = await runInBrowser(code, here);
      expect(run.error).toBeUndefined();
    },
  );

  it.each(nodeExamples.map((example, index) => [example.location, example.code, index] as const))(
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
