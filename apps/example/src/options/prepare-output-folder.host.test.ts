import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { afterAll, describe, expect, it } from 'vitest';

import { prepareOutputFolder } from './prepare-output-folder';

describe('prepareOutputFolder', () => {
  const root = mkdtempSync(join(tmpdir(), 'softlabels-out-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the missing folders and leaves no probe behind', () => {
    const out = join(root, 'a', 'b', 'report');
    prepareOutputFolder(out);
    expect(existsSync(out)).toBe(true);
    expect(readdirSync(out)).toEqual([]);
    prepareOutputFolder(out);
  });

  it('refuses a file in the way, naming --out and the reason', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => prepareOutputFolder(file)).toThrow(InvalidArgumentError);
    expect(() => prepareOutputFolder(join(file, 'report'))).toThrow(/'--out'.*is a file, not a folder/);
  });

  it.runIf(existsSync('/proc/self'))('refuses a folder under /proc at once instead of spinning', () => {
    expect(() => prepareOutputFolder('/proc/forbidden/report')).toThrow(/Argument '--out' passed to 'pnpm example'/);
    expect(existsSync('/proc/forbidden')).toBe(false);
  });
});
