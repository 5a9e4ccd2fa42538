import fs, { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { writeRunFiles } from './write-run-files';

describe('writeRunFiles', () => {
  const folder = mkdtempSync(join(tmpdir(), 'softlabels-atomic-'));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('creates folders, replaces the file and leaves no temporary file behind', () => {
    writeRunFiles(folder, { 'nested/report.html': 'old' });
    writeRunFiles(folder, { 'nested/report.html': new TextEncoder().encode('new') });
    expect(readFileSync(join(folder, 'nested', 'report.html'), 'utf8')).toBe('new');
    expect(readdirSync(join(folder, 'nested'))).toEqual(['report.html']);
  });

  it('writes the bytes of a view into a larger buffer, not the whole buffer', () => {
    const bytes = new TextEncoder().encode('--PNG--').subarray(2, 5);
    writeRunFiles(folder, { 'figure.png': bytes });
    expect(readFileSync(join(folder, 'figure.png'), 'utf8')).toBe('PNG');
  });

  it('keeps the previous file and cleans up when the write fails', () => {
    writeRunFiles(folder, { 'results.json': 'previous' });
    // The temporary file exists and holds the new data when its flush to disk fails.
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw new Error('disk full');
    });
    try {
      expect(() => writeRunFiles(folder, { 'results.json': 'new' })).toThrow('disk full');
      expect(fsync).toHaveBeenCalledTimes(1);
    } finally {
      fsync.mockRestore();
    }
    expect(readFileSync(join(folder, 'results.json'), 'utf8')).toBe('previous');
    expect(readdirSync(folder)).toEqual(['results.json']);
  });
});
