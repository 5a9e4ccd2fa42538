import fs, { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  it('writes nothing when one target is a folder, and names it', () => {
    writeRunFiles(folder, { 'results.json': 'previous' });
    mkdirSync(join(folder, 'report.html'));
    expect(() => writeRunFiles(folder, { 'results.json': 'new', 'report.html': '<html>' })).toThrow(
      /'--out'.*be a folder where report.html can be written, but got a folder at/,
    );
    expect(readFileSync(join(folder, 'results.json'), 'utf8')).toBe('previous');
    expect(readdirSync(folder).sort()).toEqual(['report.html', 'results.json']);
  });

  it('replaces no file when a later file fails, so the outputs come from one run', () => {
    writeRunFiles(folder, { 'results.json': 'previous', 'report.html': 'previous' });
    let calls = 0;
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      calls += 1;
      if (calls === 2) throw new Error('disk full');
    });
    try {
      expect(() => writeRunFiles(folder, { 'results.json': 'new', 'report.html': 'new' })).toThrow('disk full');
    } finally {
      fsync.mockRestore();
    }
    expect(readFileSync(join(folder, 'results.json'), 'utf8')).toBe('previous');
    expect(readFileSync(join(folder, 'report.html'), 'utf8')).toBe('previous');
    expect(readdirSync(folder).sort()).toEqual(['report.html', 'results.json']);
  });
});
