import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CalibrationAccumulator, type CalibratorMethod, fitCalibrator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';
import { runInProcess as run } from './test-support/run-in-process';

const rows = 300;
const classes = 3;
const data: PredictionData = {
  rows,
  classes,
  scores: Float64Array.from(
    { length: rows * classes },
    (_, index) => 3 * Math.sin(index * 1.37) + 0.5 * (index % classes),
  ),
  // Right 7 times in 10: the scores (spread over about ±3) are overconfident.
  labels: Int32Array.from({ length: rows }, (_, row) => {
    const scores = Array.from({ length: classes }, (_, k) => 3 * Math.sin((row * classes + k) * 1.37) + 0.5 * k);
    const top = scores.indexOf(Math.max(...scores));
    return row % 10 < 7 ? top : (top + 1) % classes;
  }),
};
const softmax = Float64Array.from(data.scores);
for (let row = 0; row < rows; row += 1) {
  const slice = softmax.subarray(row * classes, (row + 1) * classes);
  const max = Math.max(...slice);
  let sum = 0;
  for (let k = 0; k < classes; k += 1) sum += slice[k] = Math.exp((slice[k] as number) - max);
  for (let k = 0; k < classes; k += 1) slice[k] = (slice[k] as number) / sum;
}

let folder: string;
let logitsFile: string;
let probabilitiesFile: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-fit-'));
  logitsFile = join(folder, 'logits.parquet');
  probabilitiesFile = join(folder, 'probabilities.csv');
  await writePredictionFile(logitsFile, 'parquet', data, 128);
  await writePredictionFile(probabilitiesFile, 'csv', { ...data, scores: softmax }, 128);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('softlabels calibrate --fit', () => {
  it('fits temperature scaling for a bare --fit, equal to fitCalibrator on the same rows', async () => {
    const out = join(folder, 'bare');
    const result = await run([
      'calibrate',
      logitsFile,
      '--logits',
      'logit_*',
      '--labels',
      'label',
      '--fit',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['calibrator.json', 'metrics.json', 'report.html']);
    const written = JSON.parse(await readFile(join(out, 'calibrator.json'), 'utf8')) as { parameters: unknown };
    const expected = fitCalibrator(
      'temperature',
      { logits: { data: data.scores, dims: [rows, classes] } },
      data.labels,
    );
    expect(written).toEqual(expected.toJSON());
    expect(result.stdout).toMatch(/^fitted temperature: nll [\d.]+ -> [\d.]+ on the same rows$/m);
  });

  it.each<[CalibratorMethod, 'logits' | 'probabilities']>([
    ['vector', 'logits'],
    ['matrix', 'logits'],
    ['dirichlet', 'probabilities'],
    ['histogram', 'probabilities'],
    ['isotonic', 'probabilities'],
    ['platt', 'logits'],
    ['beta', 'probabilities'],
  ])('--fit %s on %s writes the calibrator fitCalibrator fits on the same rows', async (method, kind) => {
    const out = join(folder, method);
    const file = kind === 'logits' ? logitsFile : probabilitiesFile;
    const result = await run([
      'calibrate',
      file,
      `--${kind}`,
      'logit_*',
      '--labels',
      'label',
      '--fit',
      method,
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const written = JSON.parse(await readFile(join(out, 'calibrator.json'), 'utf8')) as Record<string, unknown>;
    const scores = { data: kind === 'logits' ? data.scores : softmax, dims: [rows, classes] };
    const expected = fitCalibrator(
      method,
      kind === 'logits' ? { logits: scores } : { probabilities: scores },
      data.labels,
    );
    expect(written.method).toBe(method);
    expect(written.parameters).toEqual(JSON.parse(JSON.stringify(expected.toJSON().parameters)));
  });

  it('refuses an unknown method before reading, with one line and exit code 2, writing nothing', async () => {
    const out = join(folder, 'unknown');
    const result = await run([
      'calibrate',
      logitsFile,
      '--logits',
      'logit_*',
      '--labels',
      'label',
      '--fit',
      'spline',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^softlabels: error: .*--fit.*spline.*\n$/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a method that cannot take the input kind, writing nothing', async () => {
    const out = join(folder, 'kind');
    const result = await run([
      'calibrate',
      probabilitiesFile,
      '--probabilities',
      'logit_*',
      '--labels',
      'label',
      '--fit',
      'temperature',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/temperature/);
    await expect(readdir(out)).rejects.toThrow(/ENOENT/);
  });
});

describe('report.html', () => {
  it('is one self-contained page with the reliability diagram as inline SVG and the metrics', async () => {
    const out = join(folder, 'report');
    expect((await run(['calibrate', logitsFile, '--logits', 'logit_*', '--labels', 'label', '--out', out])).code).toBe(
      0,
    );
    const html = await readFile(join(out, 'report.html'), 'utf8');
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')) as { brier: number };
    const expected = new CalibrationAccumulator({ bins: 15 })
      .update({ logits: { data: data.scores, dims: [rows, classes] } }, data.labels)
      .compute();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link|\bsrc=|url\(|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain(`<td class="number">${expected.expectedCalibrationError.toFixed(4)}</td>`);
    expect(html).toContain(`<td class="number">${metrics.brier.toFixed(4)}</td>`);
    expect(html).toContain(`<td class="number">${rows}</td>`);
    expect(html).toContain('logits.parquet');
  });
});
