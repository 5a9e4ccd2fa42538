import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CalibrationAccumulator, type CalibrationAccumulatorJson, fitCalibrator } from '@softlabels/calibration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fitTemperatureSql } from './fit-temperature-sql';
import { stateFromSql } from './state-from-sql';
import { stateQuery } from './state-query';
import { temperatureStepQuery } from './temperature-step-query';
import { predictionChunks, writePredictionParquet } from './test-support/prediction-table';

/** 200 000 rows in `pnpm test`; the 10-million-row case with SOFTLABELS_SQL_LARGE=1. */
const ROWS = process.env.SOFTLABELS_SQL_LARGE === '1' ? 10_000_000 : 200_000;
const CLASSES = 10;
const BINS = 15;
/** The postgres text runs on this many rows (a table of its own, so that both dialects read the same rows). */
const HEAD_ROWS = 100_000;

let folder: string;
let connection: DuckDBConnection;
let streamed: CalibrationAccumulatorJson;

async function exportedState(sql: string): Promise<CalibrationAccumulatorJson> {
  const file = join(folder, `result-${Math.random().toString(36).slice(2)}.csv`);
  await connection.run(`COPY (${sql}) TO '${file}' (FORMAT csv, HEADER true)`);
  const { readFileSync } = await import('node:fs');
  return stateFromSql(readFileSync(file, 'utf8'), 'csv', file);
}

function expectSameState(actual: CalibrationAccumulatorJson, expected: CalibrationAccumulatorJson): void {
  expect({ ...actual, confidenceSum: 0, nllSum: 0, brierSum: 0, binConfidence: [], classProbability: [] }).toEqual({
    ...expected,
    confidenceSum: 0,
    nllSum: 0,
    brierSum: 0,
    binConfidence: [],
    classProbability: [],
  });
  const close = (a: number, b: number): void =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
  close(actual.confidenceSum, expected.confidenceSum);
  close(actual.nllSum as number, expected.nllSum as number);
  close(actual.brierSum, expected.brierSum);
  actual.binConfidence.forEach((value, index) => close(value, expected.binConfidence[index] as number));
  actual.classProbability.forEach((value, index) => close(value, expected.classProbability[index] as number));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'softlabels-sql-'));
  connection = await (await DuckDBInstance.create(':memory:')).connect();
  const file = join(folder, 'predictions.parquet');
  await writePredictionParquet(connection, file, ROWS, CLASSES);
  await connection.run(`CREATE VIEW predictions AS SELECT * FROM read_parquet('${file}')`);
  await connection.run(`CREATE TEMP TABLE head AS SELECT * FROM predictions LIMIT ${HEAD_ROWS}`);
  const accumulator = new CalibrationAccumulator({ bins: BINS });
  for await (const chunk of predictionChunks(connection, 'predictions', CLASSES, 65_536)) {
    accumulator.update({ logits: chunk.logits }, chunk.labels);
  }
  streamed = accumulator.toJSON();
}, 600_000);

afterAll(() => {
  connection.closeSync();
  rmSync(folder, { recursive: true, force: true });
});

describe(`the state query in embedded DuckDB over ${ROWS} generated predictions`, () => {
  it('matches the streamed CalibrationAccumulator (counts exact, sums to 1e-9 relative) in the duckdb dialect', async () => {
    const state = await exportedState(
      stateQuery({ dialect: 'duckdb', table: 'predictions', labels: 'label', logits: 'logits', bins: BINS }),
    );
    expect(state.count).toBe(ROWS);
    expectSameState(state, streamed);
  }, 600_000);

  it('gives the same state with the postgres text, which DuckDB runs too (on the first 100 000 rows)', async () => {
    const query = (dialect: 'duckdb' | 'postgres'): string =>
      stateQuery({ dialect, table: 'head', labels: 'label', logits: 'logits', bins: BINS });
    expectSameState(await exportedState(query('postgres')), await exportedState(query('duckdb')));
  }, 600_000);

  it('matches it when confidence and prediction come from columns holding the softmax maximum and argmax', async () => {
    await connection.run(
      'CREATE TEMP TABLE logged AS SELECT label, logits, list_position(logits, list_max(logits)) - 1 AS predicted, ' +
        '1.0 / list_sum(list_transform(logits, lambda x: exp(x - list_max(logits)))) AS confidence FROM predictions',
    );
    const sql = stateQuery({
      dialect: 'duckdb',
      table: 'logged',
      labels: 'label',
      logits: 'logits',
      bins: BINS,
      confidence: 'confidence',
      prediction: 'predicted',
    });
    expectSameState(await exportedState(sql), streamed);
  }, 600_000);

  it('fits the temperature of fitCalibrator to 1e-6, one aggregate query per Newton step', async () => {
    const queries: string[] = [];
    const fromSql = await fitTemperatureSql(
      { dialect: 'duckdb', table: 'predictions', labels: 'label', logits: 'logits' },
      async (sql) => {
        queries.push(sql);
        return (await connection.runAndReadAll(sql)).getRowObjects();
      },
    );
    const logits = new Float64Array(ROWS * CLASSES);
    const labels = new Int32Array(ROWS);
    let filled = 0;
    for await (const chunk of predictionChunks(connection, 'predictions', CLASSES, 1 << 20)) {
      logits.set(chunk.logits, filled * CLASSES);
      labels.set(chunk.labels, filled);
      filled += chunk.labels.length;
    }
    const inMemory = fitCalibrator('temperature', { logits }, labels).toJSON();
    const temperature = (inMemory.parameters as { temperature: number }).temperature;
    expect(Math.abs(temperature - 1)).toBeGreaterThan(0.05);
    expect(Math.abs((fromSql.parameters as { temperature: number }).temperature / temperature - 1)).toBeLessThan(1e-6);
    expect(fromSql.diagnostics.converged).toBe(true);
    expect(fromSql.diagnostics.iterations).toBe(queries.length);
    expect(Math.abs(fromSql.diagnostics.nllAfter - inMemory.diagnostics.nllAfter)).toBeLessThan(1e-9);
    expect(Math.abs(fromSql.diagnostics.nllBefore - inMemory.diagnostics.nllBefore)).toBeLessThan(1e-9);
    expect({ ...fromSql, parameters: null, diagnostics: null }).toEqual({
      ...inMemory,
      parameters: null,
      diagnostics: null,
    });
  }, 600_000);

  it('gives the same temperature step sums with the postgres text, which DuckDB runs too (on the first 100 000 rows)', async () => {
    const step = async (dialect: 'duckdb' | 'postgres'): Promise<number[]> => {
      const sql = temperatureStepQuery({
        dialect,
        table: 'head',
        labels: 'label',
        logits: 'logits',
        temperature: 1.5,
      });
      const row = (await connection.runAndReadAll(sql)).getRowObjects()[0] as Record<string, unknown>;
      return ['row_count', 'nll_sum', 'capped_nll_sum', 'derivative_sum', 'second_derivative_sum'].map((key) =>
        Number(row[key]),
      );
    };
    const [duckdb, postgres] = [await step('duckdb'), await step('postgres')];
    expect(duckdb[0]).toBe(HEAD_ROWS);
    postgres.forEach((value, index) => {
      const expected = duckdb[index] as number;
      expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
    });
  }, 600_000);
});
