import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { PredictionFormat } from './prediction-chunk';
import { CHUNK_VALUES } from './raw-chunk';
import { readPredictions } from './read-predictions';
import { specsFor, writePredictionFile } from './test-support/write-prediction-file';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-chunks-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readPredictions', () => {
  const formats: PredictionFormat[] = ['parquet', 'arrow', 'csv', 'jsonl', 'npy'];

  it.each(formats)('cuts wide rows of a %s file into chunks of at most CHUNK_VALUES scores', async (format) => {
    // 1000 classes: the default 65 536 rows per chunk would be 65.5 M scores; one batch and row group of all rows.
    const rows = 2200;
    const classes = 1000;
    const scores = Float64Array.from({ length: rows * classes }, (_, index) => (index % 17) - 8);
    const labels = Int32Array.from({ length: rows }, (_, row) => (row * 7) % classes);
    const file = join(folder, `wide.${format}`);
    await writePredictionFile(file, format, { rows, classes, scores, labels }, rows);
    const chunkRows: number[] = [];
    let read = 0;
    for await (const chunk of readPredictions(file, { ...specsFor(format), kind: 'logits' })) {
      expect(chunk.classes).toBe(classes);
      expect(chunk.rows * chunk.classes).toBeLessThanOrEqual(CHUNK_VALUES);
      expect(chunk.firstRow).toBe(read);
      const expected = scores.subarray(read * classes, (read + chunk.rows) * classes);
      expect(chunk.scores.every((value, index) => value === expected[index])).toBe(true);
      expect(Array.from(chunk.labels)).toEqual(Array.from(labels.subarray(read, read + chunk.rows)));
      chunkRows.push(chunk.rows);
      read += chunk.rows;
    }
    const most = Math.floor(CHUNK_VALUES / classes);
    expect(chunkRows.slice(0, -1).every((count) => count === most)).toBe(true);
    expect(chunkRows.length).toBe(Math.ceil(rows / most));
  });
});
