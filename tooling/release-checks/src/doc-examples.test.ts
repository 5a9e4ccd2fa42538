// Runs every TSDoc `@example` and every README ```ts block of the published packages, so documentation cannot rot.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { initBackend } from '@softlabels/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { collectDocExamples, collectReadmeExamples, type DocExample } from './doc-examples';
import { runInBrowser } from './run-in-browser';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const scratch = join(here, '..', '.doc-examples');
const examples = collectDocExamples(root);
const readmeExamples = collectReadmeExamples(root);
/** Examples that need a DOM run in headless Chromium; the rest run here, in Node. */
const needsDom = (code: string): boolean => /\b(document|window)\./.test(code);
let written = 0;

async function runInNode(code: string): Promise<void> {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  written += 1;
  const file = join(scratch, `example-${written}.ts`);
  writeFileSync(file, `${code}\nexport {};\n`);
  await import(/* @vite-ignore */ pathToFileURL(file).href);
}

async function runInChromium(code: string): Promise<void> {
  const run = await runInBrowser(code, here);
  expect(run.error).toBeUndefined();
}

/** `[location, code]` rows for `it.each`, the DOM-needing ones or the others. */
function rows(list: DocExample[], dom: boolean): (readonly [string, string])[] {
  return list.filter((example) => needsDom(example.code) === dom).map((example) => [example.location, example.code]);
}

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await initBackend({ backend: 'wasm' });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('TSDoc examples', () => {
  it('finds examples in every published package', () => {
    const packages = new Set(examples.map((example) => example.location.split('/')[1]));
    expect([...packages].sort()).toEqual(['calibration', 'cli', 'core', 'distillation', 'smoothing', 'vis']);
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(rows(examples, true))('runs %s in Chromium', async (_location, code) => runInChromium(code));
  it.each(rows(examples, false))('runs %s', async (_location, code) => runInNode(code));
});

/** Files README examples read by relative path, as a user's script would: the ONNX classifier and its held-out rows. */
const README_INPUTS = ['classifier.onnx', 'held-out.json'].map((name) =>
  join(root, 'packages/calibration/src/__fixtures__', name),
);

describe('README examples', () => {
  // README examples write files by relative path (`writeChart(spec, 'projection.png')`), as a user's script would.
  const cwd = process.cwd();
  beforeAll(() => {
    for (const input of README_INPUTS) copyFileSync(input, join(scratch, input.split('/').at(-1) as string));
    process.chdir(scratch);
  });
  afterAll(() => process.chdir(cwd));

  it('finds a README example in every published package', () => {
    const packages = new Set(readmeExamples.map((example) => example.location.split('/')[1]));
    expect([...packages].sort()).toEqual(['calibration', 'cli', 'core', 'distillation', 'smoothing', 'vis']);
  });

  it.each(rows(readmeExamples, true))('runs %s in Chromium', async (_location, code) => runInChromium(code));
  it.each(rows(readmeExamples, false))('runs %s', async (_location, code) => runInNode(code));
});
