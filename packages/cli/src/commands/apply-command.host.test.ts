import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fitCalibrator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PredictionFormat } from '../readers/prediction-chunk';
import { readPredictions } from '../readers/read-predictions';
import { specsFor, writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';
import { runInProcess as run } from './test-support/run-in-process';

const rows = 200;
const classes = 4;
const data: PredictionData = {
  rows,
  classes,
  scores: Float64Array.from({ length: rows * classes }, (_, index) => Math.cos(index * 0.91) * 2.5 + (index % 4) * 0.3),
  labels: Int32Array.from({ length: rows }, (_, row) => (row * 3 + (row % 7 === 0 ? 1 : 0)) % classes),
};
const calibrator = fitCalibrator('vector', { logits: { data: data.scores, dims: [rows, classes] } }, data.labels);
const expected = calibrator.apply({ logits: { data: data.scores, dims: [rows, classes] } }).data;

let folder: string;
let calibratorFile: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-apply-'));
  calibratorFile = join(folder, 'calibrator.json');
  await writeFile(calibratorFile, JSON.stringify(calibrator));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Every row of a written file: its probabilities and labels. */
async function readBack(file: string, format: 'csv' | 'jsonl' | 'npy') {
  const scores: number[] = [];
  const labels: number[] = [];
  for await (const chunk of readPredictions(file, {
    scores: format === 'npy' ? '*' : 'p_*',
    kind: 'probabilities',
    labels: format === 'npy' ? '{stem}.labels.npy' : 'label',
  })) {
    scores.push(...chunk.scores);
    labels.push(...chunk.labels);
  }
  return { scores, labels };
}

describe('softlabels apply', () => {
  const cases: [PredictionFormat, 'csv' | 'jsonl' | 'npy'][] = [
    ['parquet', 'csv'],
    ['arrow', 'jsonl'],
    ['csv', 'npy'],
    ['jsonl', 'csv'],
    ['npy', 'jsonl'],
    ['parquet', 'npy'],
  ];
  it.each(cases)('streams a %s file to %s equal to Calibrator.apply on the same rows', async (input, output) => {
    const file = join(folder, `preds-${input}-${output}.${input}`);
    await writePredictionFile(file, input, data, 64);
    const out = join(folder, `calibrated-${input}.${output}`);
    const specs = specsFor(input);
    const result = await run([
      'apply',
      calibratorFile,
      file,
      '--logits',
      specs.scores,
      '--labels',
      specs.labels,
      '--out',
      out,
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: '',
      stderr: expect.stringMatching(/^wrote .* \(200 rows\)\n$/) as unknown,
    });
    const back = await readBack(out, output);
    expect(back.labels).toEqual([...data.labels]);
    expect(back.scores).toHaveLength(rows * classes);
    back.scores.forEach((value, index) => expect(Math.abs(value - (expected[index] as number))).toBeLessThan(1e-6));
  });

  it('writes beside the input with .calibrated before the extension by default (CSV for Parquet)', async () => {
    const sub = join(folder, 'default');
    await mkdir(sub);
    await writePredictionFile(join(sub, 'day.parquet'), 'parquet', data, 64);
    await writePredictionFile(join(sub, 'day.csv'), 'csv', data, 64);
    for (const name of ['day.parquet', 'day.csv']) {
      expect((await run(['apply', calibratorFile, join(sub, name), '--logits', 'logit_*'])).code).toBe(0);
    }
    expect((await readdir(sub)).sort()).toEqual(['day.calibrated.csv', 'day.csv', 'day.parquet']);
  });

  it.each([
    [
      'a NaN score',
      'nan.csv',
      { ...data, scores: data.scores.map((v, i) => (i === 150 * classes + 2 ? NaN : v)) },
      /nan\.csv: row 150, column 'logit_2'/,
    ],
    [
      'a label outside the classes',
      'label.csv',
      { ...data, labels: data.labels.map((v, i) => (i === 120 ? 9 : v)) },
      /label\.csv: row 120, column 'label'/,
    ],
  ])('refuses %s with one line, exit code 2 and no output left', async (_what, name, bad, message) => {
    const sub = join(folder, `bad-${name}`);
    await mkdir(sub);
    await writePredictionFile(join(sub, name), 'csv', bad, 64);
    for (const output of ['out.csv', 'out.npy']) {
      const result = await run([
        'apply',
        calibratorFile,
        join(sub, name),
        '--logits',
        'logit_*',
        '--labels',
        'label',
        '--out',
        join(sub, 'out', output),
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(await readdir(sub)).toEqual([name]);
  });

  it("refuses a file whose class count is not the calibrator's, a bad calibrator and an unknown output format", async () => {
    const sub = join(folder, 'mismatch');
    await mkdir(sub);
    const three = join(sub, 'three.csv');
    await writePredictionFile(
      three,
      'csv',
      { ...data, classes: 3, scores: data.scores.slice(0, rows * 3), labels: data.labels.map((v) => v % 3) },
      64,
    );
    const broken = join(sub, 'broken.json');
    await writeFile(broken, JSON.stringify({ ...calibrator.toJSON(), classes: 'four' }));
    const classCount = await run(['apply', calibratorFile, three, '--logits', 'logit_*', '--out', join(sub, 'a.csv')]);
    expect(classCount.stderr).toMatch(
      /^softlabels: error: .*three\.csv: column 'logit_\*': has 3 classes, but 4 were calibrated/,
    );
    const badJson = await run(['apply', broken, three, '--logits', 'logit_*', '--out', join(sub, 'b.csv')]);
    expect(badJson.stderr).toMatch(/^softlabels: error: .*broken\.json: is not a calibrator: .*classes/);
    const format = await run(['apply', calibratorFile, three, '--logits', 'logit_*', '--out', join(sub, 'c.parquet')]);
    expect(format.stderr).toMatch(/^softlabels: error: .*\.csv, \.jsonl, \.ndjson, \.npy/);
    for (const result of [classCount, badJson, format]) {
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect((await readdir(sub)).sort()).toEqual(['broken.json', 'three.csv']);
  });
});
