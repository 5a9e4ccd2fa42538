import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CalibrationAccumulator, type CalibrationAccumulatorJson } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { writePredictionFile, type PredictionData } from '../readers/test-support/write-prediction-file';
import { runInProcess as run } from './test-support/run-in-process';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-state-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function predictions(rows: number, classes: number, offset: number): PredictionData {
  const scores = Float64Array.from({ length: rows * classes }, (_, index) => Math.sin(index * 1.7 + offset) * 3);
  const labels = Int32Array.from({ length: rows }, (_, row) => (row * 7 + offset) % classes);
  return { rows, classes, scores, labels };
}

const flags = ['--logits', 'logit_*', '--labels', 'label'];

describe('softlabels state and merge', () => {
  it('merging the states of shards gives the state of the whole file: counts exactly, sums to 1e-12', async () => {
    const shards = [predictions(300, 5, 0), predictions(200, 5, 1), predictions(123, 5, 2)];
    const whole: PredictionData = {
      rows: 623,
      classes: 5,
      scores: Float64Array.from(shards.flatMap((shard) => Array.from(shard.scores))),
      labels: Int32Array.from(shards.flatMap((shard) => Array.from(shard.labels))),
    };
    await writePredictionFile(join(folder, 'whole.parquet'), 'parquet', whole, 100);
    for (const [index, shard] of shards.entries()) {
      await writePredictionFile(join(folder, `shard-${index}.csv`), 'csv', shard, 100);
      expect(
        (
          await run([
            'state',
            join(folder, `shard-${index}.csv`),
            ...flags,
            '--out',
            join(folder, `state-${index}.json`),
          ])
        ).code,
      ).toBe(0);
    }
    expect(
      (await run(['state', join(folder, 'whole.parquet'), ...flags, '--out', join(folder, 'whole.json')])).code,
    ).toBe(0);
    const states = [0, 1, 2].map((index) => join(folder, `state-${index}.json`));
    expect((await run(['merge', ...states, '--out', join(folder, 'merged.json')])).code).toBe(0);
    const read = async (name: string) =>
      JSON.parse(await readFile(join(folder, name), 'utf8')) as CalibrationAccumulatorJson;
    const [merged, single] = [await read('merged.json'), await read('whole.json')];
    expect(merged.count).toBe(623);
    for (const key of ['count', 'correct', 'binCount', 'binCorrect', 'classCount', 'classPositive'] as const) {
      expect(merged[key]).toEqual(single[key]);
    }
    for (const key of ['confidenceSum', 'nllSum', 'brierSum'] as const) {
      expect(merged[key]).toBeCloseTo(single[key] as number, 12);
    }
    merged.binConfidence.forEach((value, bin) => expect(value).toBeCloseTo(single.binConfidence[bin] as number, 12));
    const inMemory = new CalibrationAccumulator({ bins: 15 }).update(
      { logits: { data: whole.scores, dims: [whole.rows, whole.classes] } },
      whole.labels,
    );
    const memory = inMemory.toJSON();
    for (const key of ['count', 'correct', 'binCount', 'binCorrect', 'classCount', 'classPositive'] as const) {
      expect(single[key]).toEqual(memory[key]);
    }
    for (const key of ['confidenceSum', 'nllSum', 'brierSum'] as const) {
      expect(single[key]).toBeCloseTo(memory[key] as number, 10);
    }
  });

  it('exits 2 with one line naming file, row and column, and writes nothing', async () => {
    await writePredictionFile(
      join(folder, 'bad.csv'),
      'csv',
      { ...predictions(4, 3, 0), labels: Int32Array.from([0, 1, 9, 2]) },
      4,
    );
    const before = await readdir(folder);
    const result = await run(['state', join(folder, 'bad.csv'), ...flags, '--out', join(folder, 'bad-state.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^softlabels: error: .*bad\.csv: row 2, column 'label': label 9 is outside the class range \[0, 3\)\n$/,
    );
    expect(await readdir(folder)).toEqual(before);
  });
});
