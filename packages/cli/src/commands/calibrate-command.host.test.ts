import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { CalibrationAccumulator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PredictionFormat } from '../readers/prediction-chunk';
import { specsFor, writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';

const run = promisify(execFile);
const cli = resolve(__dirname, '../cli.ts');
const tsx = createRequire(__filename).resolve('tsx/cli');
const packageRoot = resolve(__dirname, '../..');

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-calibrate-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function softlabels(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsx, '--conditions=@softlabels/source', cli, ...argv], {
      cwd: packageRoot,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const data: PredictionData = {
  rows: 200,
  classes: 4,
  scores: Float64Array.from({ length: 800 }, (_, index) => Math.cos(index * 0.91) * 2.5),
  labels: Int32Array.from({ length: 200 }, (_, row) => (row * 3) % 4),
};

describe('softlabels calibrate (child process)', () => {
  it.each<PredictionFormat>(['parquet', 'arrow', 'csv', 'jsonl', 'npy'])(
    'writes metrics.json of a %s file equal to CalibrationAccumulator on the same rows',
    async (format) => {
      const file = join(folder, `preds-${format}.${format}`);
      await writePredictionFile(file, format, data, 64);
      const out = join(folder, `out-${format}`);
      const specs = specsFor(format);
      const result = await softlabels([
        'calibrate',
        file,
        '--logits',
        specs.scores,
        '--labels',
        specs.labels,
        '--out',
        out,
      ]);
      expect(result.code).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['metrics.json', 'report.html']);
      const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as Record<string, number>;
      const expected = new CalibrationAccumulator({ bins: 15 })
        .update({ logits: { data: data.scores, dims: [data.rows, data.classes] } }, data.labels)
        .compute();
      expect(Object.keys(metrics).slice(0, 6)).toEqual(['count', 'accuracy', 'ece', 'mce', 'brier', 'nll']);
      expect(metrics.count).toBe(200);
      expect(metrics.accuracy).toBe(expected.accuracy);
      expect(metrics.ece).toBeCloseTo(expected.expectedCalibrationError, 12);
      expect(metrics.brier).toBeCloseTo(expected.brierScore, 12);
      expect(metrics.nll).toBeCloseTo(expected.negativeLogLikelihood, 12);
    },
  );

  it('exits 2 with a one-line error on a bad label and leaves no output folder', async () => {
    const file = join(folder, 'bad.csv');
    await writePredictionFile(
      file,
      'csv',
      { ...data, labels: Int32Array.from({ length: 200 }, (_, row) => (row === 150 ? 4 : 0)) },
      64,
    );
    const out = join(folder, 'out-bad');
    const result = await softlabels(['calibrate', file, '--logits', 'logit_*', '--labels', 'label', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.csv: row 150, column 'label': label 4 is outside the class range [0, 4)");
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });
});
