// One contestant of the CLI streaming scenario in a process of its own, so that its peak RSS is its own:
// `generate ROWS CLASSES FILE`, `ours FILE`, `duckdb FILE` or `npy FILE SCORES LABELS`; prints one JSON line.
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { accumulateFiles } from '../../../packages/cli/src/calibrate/accumulate-files';
import { readPredictions } from '../../../packages/cli/src/readers/read-predictions';
import { openDuckDbQueryRunner } from '../../../packages/cli/src/sql/duckdb-query-runner';
import { stateQuery } from '../../../packages/cli/src/sql/state-query';

const BINS = 15;
const [command, file, ...rest] = process.argv.slice(2);
const report = (fields: Record<string, number>): void =>
  console.log(JSON.stringify({ ...fields, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));

/** A `.npy` header for a C-order array of `descr` and `shape`, padded to 64 bytes. */
function npyHeader(descr: string, shape: number[]): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const padded = dict.padEnd(Math.ceil((dict.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const prefix = Buffer.from([0x93, ...Buffer.from('NUMPY'), 1, 0, padded.length & 0xff, padded.length >> 8]);
  return Buffer.concat([prefix, Buffer.from(padded, 'latin1')]);
}

if (command === 'generate') {
  const [rows, classes] = rest.map(Number) as [number, number];
  const require = createRequire(new URL('../../../packages/cli/package.json', import.meta.url));
  // The CLI's own DuckDB (the bench does not depend on it), reached through the CLI package's resolution.
  const { DuckDBInstance } = (await import(require.resolve('@duckdb/node-api'))) as {
    DuckDBInstance: {
      create: (path: string) => Promise<{ connect: () => Promise<{ run: (sql: string) => Promise<unknown> }> }>;
    };
  };
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const start = performance.now();
  await connection.run(
    `COPY (SELECT list_transform(range(${classes}), x -> (random() * 8 - 4)::FLOAT) AS logits,` +
      ` (random() * ${classes})::INTEGER % ${classes} AS label FROM range(${rows}))` +
      ` TO '${file}.tmp' (FORMAT parquet)`,
  );
  const { rename } = await import('node:fs/promises');
  await rename(`${file}.tmp`, file as string);
  report({ ms: performance.now() - start });
} else if (command === 'ours') {
  const start = performance.now();
  const { accumulator } = await accumulateFiles([file as string], {
    scores: 'logits',
    kind: 'logits',
    labels: 'label',
    bins: BINS,
  });
  const summary = accumulator.compute();
  report({ ms: performance.now() - start, count: summary.count, ece: summary.expectedCalibrationError });
} else if (command === 'duckdb') {
  const start = performance.now();
  const runner = await openDuckDbQueryRunner(file as string, undefined);
  const rows = await runner.runQuery(
    stateQuery({ dialect: 'duckdb', table: runner.table, labels: 'label', logits: 'logits', bins: BINS }),
  );
  runner.close();
  const ms = performance.now() - start;
  let count = 0;
  let gap = 0;
  for (const row of rows) {
    if (row.part !== 'top') continue;
    count += Number(row.row_count);
    gap += Math.abs(Number(row.score_sum) - Number(row.hit_count));
  }
  report({ ms, count, ece: gap / count });
} else if (command === 'npy') {
  const [scoresFile, labelsFile] = rest as [string, string];
  const scores = await open(`${scoresFile}.tmp`, 'w');
  const labels = await open(`${labelsFile}.tmp`, 'w');
  let rows = 0;
  let classes = 0;
  const placeholder = (shape: number[], descr: string): Buffer => npyHeader(descr, shape);
  // Headers are rewritten with the real shape at the end; reserve the room of the largest one.
  const reserve = placeholder([1e12, 1e6], '<f4').length;
  await scores.write(Buffer.alloc(reserve), 0, reserve, 0);
  await labels.write(Buffer.alloc(reserve), 0, reserve, 0);
  let scoreOffset = reserve;
  let labelOffset = reserve;
  for await (const chunk of readPredictions(file as string, { scores: 'logits', kind: 'logits', labels: 'label' })) {
    const values = Float32Array.from(chunk.scores);
    await scores.write(new Uint8Array(values.buffer), 0, values.byteLength, scoreOffset);
    await labels.write(new Uint8Array(chunk.labels.buffer, 0, chunk.rows * 4), 0, chunk.rows * 4, labelOffset);
    scoreOffset += values.byteLength;
    labelOffset += chunk.rows * 4;
    rows += chunk.rows;
    classes = chunk.classes;
  }
  const pad = (header: Buffer): Buffer => {
    const text = header.subarray(10).toString('latin1').trimEnd();
    const full = text.padEnd(reserve - 11, ' ') + '\n';
    return Buffer.concat([
      header.subarray(0, 8),
      Buffer.from([full.length & 0xff, full.length >> 8]),
      Buffer.from(full, 'latin1'),
    ]);
  };
  await scores.write(pad(npyHeader('<f4', [rows, classes])), 0, reserve, 0);
  await labels.write(pad(npyHeader('<i4', [rows])), 0, reserve, 0);
  await scores.close();
  await labels.close();
  const { rename } = await import('node:fs/promises');
  await rename(`${scoresFile}.tmp`, scoresFile);
  await rename(`${labelsFile}.tmp`, labelsFile);
  report({ count: rows });
} else {
  throw new Error(`unknown command ${command}`);
}
