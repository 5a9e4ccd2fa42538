import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { writeFileAtomic } from './write-file-atomic';

describe('writeFileAtomic', () => {
  const folder = mkdtempSync(join(tmpdir(), 'softlabels-atomic-'));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates folders, replaces the file and leaves no temporary file behind', () => {
    const path = join(folder, 'nested', 'report.html');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, new TextEncoder().encode('new'));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(join(folder, 'nested'))).toEqual(['report.html']);
  });

  it('keeps the previous file and cleans up when the write fails', () => {
    const path = join(folder, 'results.json');
    writeFileAtomic(path, 'previous');
    expect(() => writeFileAtomic(path, 42 as unknown as string)).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('previous');
    expect(readdirSync(folder)).toEqual(['results.json']);
  });
});
