import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { brierScore, expectedCalibrationError, negativeLogLikelihood } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';
import { runInProcess as run } from './test-support/run-in-process';

const rows = 400;
const classes = 4;
const data: PredictionData = {
  rows,
  classes,
  scores: Float64Array.from({ length: rows * classes }, (_, index) => 2.5 * Math.cos(index * 0.73)),
  labels: Int32Array.from({ length: rows }, (_, row) => (row * 7) % classes),
};

let folder: string;
let file: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-bootstrap-'));
  file = join(folder, 'preds.parquet');
  await writePredictionFile(file, 'parquet', data, 96);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** `softlabels calibrate` of the test file's logits and labels, with `flags`. */
function calibrate(...flags: string[]): ReturnType<typeof run> {
  return run(['calibrate', file, '--logits', 'logit_*', '--labels', 'label', ...flags]);
}

async function metricsOf(out: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
}

describe('softlabels calibrate --bootstrap', () => {
  it('writes the intervals the calibration package gives on the same rows, the same for the same seed', async () => {
    // Two runs with the same seed, into folders a and b.
    const seeded = (out: string) =>
      calibrate('--bins', '10', '--bootstrap', '200', '--seed', '7', '--out', join(folder, out), '--quiet');
    const first = await seeded('a');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('95 % intervals (200 resamples, seed 7)');
    const second = await seeded('b');
    expect(second.code).toBe(0);
    const metrics = await metricsOf(join(folder, 'a'));
    expect(await metricsOf(join(folder, 'b'))).toEqual(metrics);
    const input = { logits: { data: data.scores, dims: [rows, classes] as [number, number] } };
    const bootstrap = { resamples: 200, seed: 7, level: 0.95 };
    const intervals = metrics.intervals as Record<string, { estimate: number; low: number; high: number }>;
    const expected = {
      ece: expectedCalibrationError(input, data.labels, { bins: 10, bootstrap }),
      mce: expectedCalibrationError(input, data.labels, { bins: 10, norm: 'max', bootstrap }),
      brier: brierScore(input, data.labels, { bootstrap }),
      nll: negativeLogLikelihood(input, data.labels, { bootstrap }),
    };
    for (const [name, interval] of Object.entries(expected)) {
      const written = intervals[name];
      expect(written?.low).toBeCloseTo(interval.low, 12);
      expect(written?.high).toBeCloseTo(interval.high, 12);
      expect(written?.estimate).toBeCloseTo(interval.estimate, 12);
      expect(interval.low).toBeLessThan(interval.high);
    }
    expect(intervals.ece?.estimate).toBeCloseTo(metrics.ece as number, 12);
    const other = await calibrate(
      '--bins',
      '10',
      '--bootstrap',
      '200',
      '--seed',
      '8',
      '--out',
      join(folder, 'c'),
      '--quiet',
    );
    expect(other.code).toBe(0);
    expect((await metricsOf(join(folder, 'c'))).intervals).not.toEqual(metrics.intervals);
  });

  it('writes no intervals without --bootstrap, and refuses a bad resample count in one line', async () => {
    const plain = await calibrate('--out', join(folder, 'd'));
    expect(plain.code).toBe(0);
    expect(await metricsOf(join(folder, 'd'))).not.toHaveProperty('intervals');
    const bad = await calibrate('--bootstrap', '0', '--out', join(folder, 'e'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bootstrap');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    await expect(readdir(join(folder, 'e'))).rejects.toThrow(/ENOENT/);
  });
});
