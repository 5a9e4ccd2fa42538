import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { STREAMED_PAGE_BYTES } from './parquet-column-cursor';
import { ParquetPageSource } from './parquet-page-source';
import { CHUNK_VALUES } from './raw-chunk';
import { readPredictions } from './read-predictions';
import { writePredictionFile } from './test-support/write-prediction-file';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'softlabels-parquet-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Logit `k` of row `i` in the DuckDB-written files: exact in float32 and float64. */
const logit = (row: number, k: number): number => ((row * 7 + k * 3) % 17) - 8;

async function writeWithDuckDb(
  file: string,
  rows: number,
  classes: number,
  type: string,
  nulls: boolean,
  compression = 'snappy',
) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const logits = `list_transform(range(${classes}), k -> (((i * 7 + k * 3) % 17) - 8)::${type})`;
  const scores = nulls ? `CASE WHEN i = 3 THEN NULL ELSE ${logits} END` : logits;
  await connection.run(
    `COPY (SELECT ${scores} AS logits, (i % ${classes})::INTEGER AS label FROM range(${rows}) t(i))` +
      ` TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE ${rows}, COMPRESSION ${compression})`,
  );
  connection.closeSync();
  instance.closeSync();
}

/** The largest uncompressed data page of column `name` in the file's first row group. */
async function largestPageBytes(file: string, name: string): Promise<number> {
  const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  const chunk = metadata.row_groups[0]?.columns.find((column) => column.meta_data?.path_in_schema[0] === name);
  const start = Number(chunk?.meta_data?.dictionary_page_offset ?? chunk?.meta_data?.data_page_offset);
  const handle = await open(file);
  try {
    const source = new ParquetPageSource(handle, start, start + Number(chunk?.meta_data?.total_compressed_size));
    let largest = 0;
    for (let page = await source.next(); page !== undefined; page = await source.next()) {
      largest = Math.max(largest, page.header.uncompressed_page_size);
    }
    return largest;
  } finally {
    await handle.close();
  }
}

describe('readParquet', () => {
  it('cuts one large row group of scalar columns into chunks of chunkRows rows with the same values', async () => {
    const rows = 5000;
    const classes = 3;
    const scores = Float64Array.from({ length: rows * classes }, (_, index) => Math.sin(index));
    const labels = Int32Array.from({ length: rows }, (_, row) => row % classes);
    const file = join(folder, 'scalar.parquet');
    await writePredictionFile(file, 'parquet', { rows, classes, scores, labels }, rows);
    const read: number[] = [];
    const chunks: { rows: number; firstRow: number }[] = [];
    for await (const chunk of readPredictions(file, {
      scores: 'logit_*',
      kind: 'logits',
      labels: 'label',
      chunkRows: 700,
    })) {
      chunks.push({ rows: chunk.rows, firstRow: chunk.firstRow });
      read.push(...chunk.scores);
      expect(Array.from(chunk.labels)).toEqual(
        Array.from(labels.subarray(chunk.firstRow, chunk.firstRow + chunk.rows)),
      );
    }
    expect(chunks.map((chunk) => chunk.rows)).toEqual([700, 700, 700, 700, 700, 700, 700, 100]);
    expect(chunks.map((chunk) => chunk.firstRow)).toEqual([0, 700, 1400, 2100, 2800, 3500, 4200, 4900]);
    expect(read).toEqual(Array.from(scores));
  });

  it.each([
    ['FLOAT', 'snappy'],
    ['DOUBLE', 'snappy'],
    ['FLOAT', 'uncompressed'],
  ])(
    'streams one large row group of a DuckDB %s list column (%s pages larger than STREAMED_PAGE_BYTES) in chunks of at most CHUNK_VALUES scores',
    async (type, compression) => {
      const rows = 300_000;
      const classes = 20;
      const file = join(folder, `list-${type}-${compression}.parquet`);
      await writeWithDuckDb(file, rows, classes, type, false, compression);
      expect(await largestPageBytes(file, 'logits')).toBeGreaterThan(STREAMED_PAGE_BYTES);
      let seen = 0;
      let chunks = 0;
      for await (const chunk of readPredictions(file, { scores: 'logits', kind: 'logits', labels: 'label' })) {
        expect(chunk.firstRow).toBe(seen);
        expect(chunk.rows * chunk.classes).toBeLessThanOrEqual(CHUNK_VALUES);
        for (let row = 0; row < chunk.rows; row += 1) {
          const fileRow = chunk.firstRow + row;
          for (let k = 0; k < classes; k += 1) {
            if (chunk.scores[row * classes + k] !== logit(fileRow, k)) {
              throw new Error(`row ${fileRow}, class ${k}: ${chunk.scores[row * classes + k]}`);
            }
          }
          expect(chunk.labels[row]).toBe(fileRow % classes);
        }
        seen += chunk.rows;
        chunks += 1;
      }
      expect(seen).toBe(rows);
      expect(chunks).toBeGreaterThan(1);
    },
  );

  it('names the file, row and column of a null list in a streamed row group, and skips it with skipInvalid', async () => {
    const file = join(folder, 'null-list.parquet');
    await writeWithDuckDb(file, 1000, 4, 'FLOAT', true);
    const read = async (skipInvalid: boolean) => {
      let rows = 0;
      for await (const chunk of readPredictions(file, {
        scores: 'logits',
        kind: 'logits',
        labels: 'label',
        skipInvalid,
        chunkRows: 64,
      })) {
        rows += chunk.rows;
      }
      return rows;
    };
    await expect(read(false)).rejects.toMatchObject({ file, row: 3, column: 'logits' });
    await expect(read(true)).resolves.toBe(999);
  });
});
