import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';
import { runCli } from '../run-cli';
import { countRows } from './count-rows';
import { startProgress } from './progress';

/** A stderr stand-in: what was written, and whether it says it is a terminal. */
function stream(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; text: () => string } {
  const passThrough = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  passThrough.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream: passThrough, text: () => text };
}

const data: PredictionData = {
  rows: 100,
  classes: 2,
  scores: Float64Array.from({ length: 200 }, (_, index) => Math.sin(index)),
  labels: Int32Array.from({ length: 100 }, (_, row) => row % 2),
};

let folder: string;
const file = (name: string): string => join(folder, name);
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-progress-'));
  await writePredictionFile(file('a.parquet'), 'parquet', data, 30);
  await writePredictionFile(file('b.npy'), 'npy', data, 30);
  await writePredictionFile(file('c.csv'), 'csv', data, 30);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('countRows', () => {
  it('sums the rows Parquet footers and .npy headers promise, and gives up on formats without a count', async () => {
    expect(await countRows([file('a.parquet'), file('b.npy')])).toBe(200);
    expect(await countRows([file('a.parquet'), file('c.csv')])).toBeUndefined();
    expect(await countRows([file('missing.parquet')])).toBeUndefined();
  });
});

describe('startProgress', () => {
  it('writes one plain line per interval off a terminal, none before the first interval', async () => {
    const out = stream(false);
    let time = 0;
    const progress = await startProgress(out.stream, {
      command: 'calibrate',
      files: [file('a.parquet'), file('b.npy')],
      quiet: false,
      intervalMs: 1000,
      now: () => time,
    });
    progress.file(0);
    progress.rows(30);
    time = 999;
    progress.rows(60);
    expect(out.text()).toBe('');
    time = 1000;
    progress.file(1);
    progress.rows(150);
    time = 1500;
    progress.rows(180);
    progress.stop();
    expect(out.text()).toBe('softlabels calibrate: 150 rows read of 200 (75 %), file 2 of 2\n');
  });

  it('counts rows without a total when a file cannot tell its rows', async () => {
    const out = stream(false);
    let time = 0;
    const progress = await startProgress(out.stream, {
      command: 'state',
      files: [file('c.csv')],
      quiet: false,
      intervalMs: 10,
      now: () => time,
    });
    time = 10;
    progress.rows(100);
    progress.stop();
    expect(out.text()).toBe('softlabels state: 100 rows read, file 1 of 1\n');
  });

  it('draws a bar of rows against the total on a terminal and clears it when stopped', async () => {
    const out = stream(true);
    const progress = await startProgress(out.stream, { command: 'apply', files: [file('a.parquet')], quiet: false });
    progress.rows(50);
    progress.stop();
    expect(out.text()).toMatch(/softlabels apply .*\d+% \| \d+\/100 rows/);
    expect(out.text()).toContain('\x1b[0K');
  });

  it('shows nothing when quiet, on a terminal or not', async () => {
    for (const isTTY of [true, false]) {
      const out = stream(isTTY);
      const progress = await startProgress(out.stream, {
        command: 'calibrate',
        files: [file('a.parquet')],
        quiet: true,
        intervalMs: 0,
      });
      progress.rows(100);
      progress.stop();
      expect(out.text()).toBe('');
    }
  });
});

describe('--quiet', () => {
  it('leaves stderr empty on success; errors still print their one line', async () => {
    const argv = ['calibrate', file('c.csv'), '--logits', 'logit_*', '--labels', 'label', '--out', file('out')];
    const loud = stream(false);
    expect(await runCli(argv, { stdout: new PassThrough(), stderr: loud.stream })).toBe(0);
    expect(loud.text()).toMatch(/^wrote .*metrics\.json, .*report\.html\n$/);
    const quiet = stream(true);
    expect(await runCli([...argv, '--quiet'], { stdout: new PassThrough(), stderr: quiet.stream })).toBe(0);
    expect(quiet.text()).toBe('');
    const failing = stream(false);
    const code = await runCli(['calibrate', file('c.csv'), '--logits', 'nope_*', '--labels', 'label', '--quiet'], {
      stdout: new PassThrough(),
      stderr: failing.stream,
    });
    expect(code).toBe(2);
    expect(failing.text()).toMatch(/^softlabels: error: .*c\.csv.*\n$/);
  });
});
