import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InputFileError } from '../errors/input-file-error';
import type { PredictionFormat } from './prediction-chunk';
import { readPredictions } from './read-predictions';
import { specsFor, writePredictionFile, type PredictionData } from './test-support/write-prediction-file';

const formats: PredictionFormat[] = ['parquet', 'arrow', 'csv', 'jsonl', 'npy'];
const extension: Record<PredictionFormat, string> = {
  parquet: 'parquet',
  arrow: 'arrow',
  csv: 'csv',
  jsonl: 'jsonl',
  npy: 'npy',
};

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-readers-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const predictions = fc
  .record({ rows: fc.integer({ min: 1, max: 60 }), classes: fc.integer({ min: 2, max: 12 }) })
  .chain(({ rows, classes }) =>
    fc.record({
      rows: fc.constant(rows),
      classes: fc.constant(classes),
      scores: fc.float64Array({
        minLength: rows * classes,
        maxLength: rows * classes,
        noNaN: true,
        noDefaultInfinity: true,
      }),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
      chunkRows: fc.integer({ min: 1, max: 70 }),
    }),
  );

async function readAll(file: string, format: PredictionFormat, chunkRows: number) {
  const specs = specsFor(format);
  const scores: number[] = [];
  const labels: number[] = [];
  const firstRows: number[] = [];
  for await (const chunk of readPredictions(file, { ...specs, kind: 'logits', chunkRows })) {
    scores.push(...chunk.scores);
    labels.push(...chunk.labels);
    firstRows.push(chunk.firstRow);
  }
  return { scores, labels, firstRows };
}

describe('readPredictions', () => {
  it.each(formats)('reads back exactly the rows written to a %s file, for any shape and chunk size', async (format) => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(predictions, async (drawn) => {
        const data: PredictionData = { ...drawn, labels: Int32Array.from(drawn.labels) };
        const file = join(folder, `${format}-${run}.${extension[format]}`);
        run += 1;
        await writePredictionFile(file, format, data, drawn.chunkRows);
        const read = await readAll(file, format, drawn.chunkRows);
        const signless = (values: ArrayLike<number>) => Array.from(values, (value) => (value === 0 ? 0 : value));
        expect(signless(read.scores)).toEqual(signless(data.scores));
        expect(read.labels).toEqual(drawn.labels);
        expect(read.firstRows[0]).toBe(0);
      }),
      { seed: 18, numRuns: 15 },
    );
  });

  it('names the file, row and column of a NaN score, and skips the row with skipInvalid', async () => {
    const file = join(folder, 'nan.csv');
    await writeFile(file, 'logit_0,logit_1,label\n1,2,0\n3,NaN,1\n0.5,0.25,1\n');
    const read = readPredictions(file, { scores: 'logit_*', labels: 'label', kind: 'logits' });
    await expect(read.next()).rejects.toThrow("nan.csv: row 1, column 'logit_1': NaN is not a finite score");
    const skipped: InputFileError[] = [];
    let rows = 0;
    for await (const chunk of readPredictions(file, {
      scores: 'logit_0,logit_1',
      labels: 'label',
      kind: 'logits',
      skipInvalid: true,
      onSkip: (error) => skipped.push(error),
    })) {
      rows += chunk.rows;
    }
    expect(rows).toBe(2);
    expect(skipped.map((error) => [error.row, error.column])).toEqual([[1, 'logit_1']]);
  });

  it.each([
    [
      'label.csv',
      'a,b,label\n1,2,0\n3,4,7\n',
      "label.csv: row 1, column 'label': label 7 is outside the class range [0, 2)",
    ],
    ['missing.csv', 'a,b,label\n1,2,0\n', "missing.csv: column 'c': no such column (the file has a, b, label)"],
    [
      'ragged.jsonl',
      '{"s":[1,2],"label":0}\n{"s":[1],"label":1}\n',
      "ragged.jsonl: row 1, column 's': ragged list: 1 values where the first row has 2",
    ],
    ['cut.jsonl', '{"s":[1,2],"label":0}\n{"s":[1,', "cut.jsonl: row 1, column 's': not valid JSON"],
    ['cut.csv', 'a,b,label\n1,2,0\n3,4', "cut.csv: row 1, column 'a': 2 fields where the header has 3"],
  ])('refuses %s with a one-line error naming file, row and column', async (name, text, message) => {
    const file = join(folder, name);
    await writeFile(file, text);
    const scores = name === 'missing.csv' ? 'a,c' : name.endsWith('.jsonl') ? 's' : 'a,b';
    const read = readPredictions(file, { scores, labels: 'label', kind: 'logits' });
    const error = await read
      .next()
      .then(() => read.next())
      .catch((caught: unknown) => caught);
    expect(InputFileError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a truncated .npy file and a truncated Parquet file', async () => {
    const data: PredictionData = {
      rows: 4,
      classes: 3,
      scores: new Float64Array(12).fill(0.5),
      labels: new Int32Array(4),
    };
    const npyFile = join(folder, 'short.npy');
    await writePredictionFile(npyFile, 'npy', data, 4);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(npyFile);
    await writeFile(npyFile, bytes.subarray(0, bytes.length - 8));
    await expect(readPredictions(npyFile, { scores: '*', kind: 'logits' }).next()).rejects.toThrow(
      /short\.npy: is truncated/,
    );
    const parquetFile = join(folder, 'short.parquet');
    await writePredictionFile(parquetFile, 'parquet', data, 4);
    const parquet = await readFile(parquetFile);
    await writeFile(parquetFile, parquet.subarray(0, parquet.length - 20));
    await expect(readPredictions(parquetFile, { scores: 'logit_*', kind: 'logits' }).next()).rejects.toThrow(
      /short\.parquet: cannot be read as Parquet/,
    );
  });
});
