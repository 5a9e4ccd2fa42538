import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance } from '@duckdb/node-api';
import { Calibrator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runInProcess as run } from './test-support/run-in-process';
import { stateQuery } from '../sql/state-query';
import { temperatureStepQuery } from '../sql/temperature-step-query';
import { writePredictionParquet } from '../sql/test-support/prediction-table';

let folder: string;
let parquet: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'softlabels-sql-cli-'));
  parquet = join(folder, 'predictions.parquet');
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await writePredictionParquet(connection, parquet, 5_000, 4);
  connection.closeSync();
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('softlabels sql', () => {
  it('prints the state query of the flags', async () => {
    const result = await run([
      'sql',
      '--dialect',
      'spark',
      '--table',
      'logs.predictions',
      '--labels',
      'y',
      '--logits',
      'z',
      '--bins',
      '10',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout: stateQuery({ dialect: 'spark', table: 'logs.predictions', labels: 'y', logits: 'z', bins: 10 }),
      stderr: '',
    });
  });

  it('refuses a bad dialect or bin count with exit code 2 and one line', async () => {
    const dialect = await run(['sql', '--dialect', 'mysql', '--table', 't', '--labels', 'y', '--logits', 'z']);
    expect(dialect.code).toBe(2);
    expect(dialect.stderr).toMatch(/^softlabels: error: .*--dialect|options\.dialect.*\n$/);
    const bins = await run([
      'sql',
      '--dialect',
      'duckdb',
      '--table',
      't',
      '--labels',
      'y',
      '--logits',
      'z',
      '--bins',
      '1.5',
    ]);
    expect(bins).toMatchObject({ code: 2, stdout: '' });
    expect(bins.stderr).toMatch(/--bins/);
  });

  it('feeds `state --from-sql` through an exported result: the round trip equals the state of the rows', async () => {
    const result = join(folder, 'result.json');
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(`CREATE VIEW predictions AS SELECT * FROM read_parquet('${parquet}')`);
    const sql = (
      await run(['sql', '--dialect', 'duckdb', '--table', 'predictions', '--labels', 'label', '--logits', 'logits'])
    ).stdout;
    await connection.run(`COPY (${sql}) TO '${result}' (FORMAT json)`);
    connection.closeSync();
    const { readStateFromSqlFile } = await import('../sql/state-from-sql-file');
    const state = await readStateFromSqlFile(result);
    expect(state).toMatchObject({ count: 5_000, classes: 4, bins: 15 });
    writeFileSync(join(folder, 'broken.csv'), 'part,row_count\ninput,3\n');
    await expect(readStateFromSqlFile(join(folder, 'broken.csv'))).rejects.toThrow(/broken\.csv: column 'class_index'/);
  });
});

describe('softlabels fit-temperature', () => {
  it('prints the step query at --temperature with --sql', async () => {
    const result = await run([
      'fit-temperature',
      '--sql',
      '--dialect',
      'bigquery',
      '--table',
      'p.d.t',
      '--labels',
      'y',
      '--logits',
      'z',
      '--temperature',
      '2',
    ]);
    expect(result.stdout).toBe(
      temperatureStepQuery({ dialect: 'bigquery', table: 'p.d.t', labels: 'y', logits: 'z', temperature: 2 }),
    );
  });

  it('runs the fit in DuckDB over a Parquet file and writes a calibrator that Calibrator.fromJSON reads', async () => {
    const out = join(folder, 'calibrator.json');
    const result = await run([
      'fit-temperature',
      '--duckdb',
      parquet,
      '--labels',
      'label',
      '--logits',
      'logits',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^temperature [\d.]+ after \d+ queries \(converged: true\)\n$/);
    const calibrator = Calibrator.fromJSON(readFileSync(out, 'utf8'));
    expect(calibrator.method).toBe('temperature');
    expect(calibrator.classes).toBe(4);
  });

  it('refuses a missing column, and both or neither of --sql and --duckdb, with exit code 2', async () => {
    const missing = await run(['fit-temperature', '--duckdb', parquet, '--labels', 'nope', '--logits', 'logits']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/predictions\.parquet: DuckDB cannot run the query: .*nope/);
    const neither = await run(['fit-temperature', '--labels', 'y', '--logits', 'z']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--sql \/ --duckdb/);
  });
});
