import { CalibrationAccumulator } from '@softlabels/calibration';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';

import { InputFileError } from '../errors/input-file-error';
import { binIndexSql } from './bin-index-sql';
import { sqlDialect } from './sql-dialect';
import { stateFromSql } from './state-from-sql';
import { stateQuery } from './state-query';

async function resultOf(table: string, bins: number): Promise<Record<string, unknown>[]> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`CREATE TABLE predictions AS ${table}`);
  const rows = (
    await connection.runAndReadAll(
      stateQuery({ dialect: 'duckdb', table: 'predictions', labels: 'label', logits: 'logits', bins }),
    )
  ).getRowObjectsJson();
  connection.closeSync();
  return rows as Record<string, unknown>[];
}

const TABLE =
  'SELECT * FROM (VALUES (0, [2.0, 0.0, 1.0]), (2, [0.0, 3.0, 1.0]), (1, [1.0, 1.0, 1.0])) t(label, logits)';

describe('stateFromSql', () => {
  it('reads a JSON array, JSON Lines and CSV result into the accumulator state of the same rows', async () => {
    const rows = await resultOf(TABLE, 10);
    const expected = new CalibrationAccumulator({ bins: 10 })
      .update(
        {
          logits: [
            [2, 0, 1],
            [0, 3, 1],
            [1, 1, 1],
          ],
        },
        [0, 2, 1],
      )
      .toJSON();
    const header = Object.keys(rows[0] as object);
    const csv = [header.join(','), ...rows.map((row) => header.map((key) => row[key] ?? '').join(','))].join('\n');
    for (const [text, format] of [
      [JSON.stringify(rows), 'json'],
      [rows.map((row) => JSON.stringify(row)).join('\n'), 'json'],
      [csv, 'csv'],
    ] as const) {
      const state = stateFromSql(text, format, 'result');
      expect({ ...state, confidenceSum: 0, nllSum: 0, brierSum: 0 }).toEqual({
        ...expected,
        confidenceSum: 0,
        nllSum: 0,
        brierSum: 0,
      });
      expect(state.nllSum as number).toBeCloseTo(expected.nllSum as number, 12);
      expect(state.brierSum).toBeCloseTo(expected.brierSum, 12);
    }
  });

  it('refuses results whose query counted invalid rows or ragged lists, naming the file, row and column', async () => {
    const nan = await resultOf("SELECT * FROM (VALUES (0, [2.0, 'NaN'::DOUBLE]), (1, [0.0, 1.0])) t(label, logits)", 5);
    expect(() => stateFromSql(JSON.stringify(nan), 'json', 'r.json')).toThrow(
      /^r\.json: row \d+, column 'invalid_scores': 1 rows/,
    );
    const label = await resultOf('SELECT * FROM (VALUES (2, [2.0, 0.0]), (1, [0.0, 1.0])) t(label, logits)', 5);
    expect(() => stateFromSql(JSON.stringify(label), 'json', 'r.json')).toThrow(
      /column 'invalid_labels': 1 rows have a label outside/,
    );
    const ragged = await resultOf('SELECT * FROM (VALUES (0, [2.0, 0.0]), (1, [0.0, 1.0, 3.0])) t(label, logits)', 5);
    expect(() => stateFromSql(JSON.stringify(ragged), 'json', 'r.json')).toThrow(/ragged: from 2 to 3/);
  });

  it('refuses malformed results with an InputFileError', async () => {
    const rows = await resultOf(TABLE, 10);
    const lines = rows.map((row) => JSON.stringify(row));
    const error = (text: string, format: 'csv' | 'json' = 'json'): unknown => {
      try {
        stateFromSql(text, format, 'r');
      } catch (caught) {
        return caught;
      }
      return undefined;
    };
    expect(InputFileError.isInstance(error(lines.slice(0, 2).join('\n') + '\n{"part": '))).toBe(true);
    expect(error(lines.slice(0, 2).join('\n') + '\n{"part": ')).toMatchObject({ row: 2 });
    expect(error('')).toMatchObject({ message: expect.stringMatching(/holds no rows/) });
    expect(error('part,row_count\ninput,3\n', 'csv')).toMatchObject({ column: 'class_index' });
    const changed = rows.map((row) => (row.part === 'top' ? { ...row, row_count: 'many' } : row));
    expect(error(JSON.stringify(changed))).toMatchObject({
      column: 'row_count',
      message: expect.stringMatching(/"many" is not a finite number/),
    });
    const dropped = rows.filter((row, index) => !(row.part === 'class' && index === 0));
    expect(error(JSON.stringify(dropped))).toMatchObject({
      message: expect.stringMatching(/does not add up to a calibration state/),
    });
    const doubled = [...rows, rows.find((row) => row.part === 'top')];
    expect(error(JSON.stringify(doubled))).toMatchObject({
      column: 'bin_index',
      message: expect.stringMatching(/appears twice/),
    });
  });
});

describe('binIndexSql', () => {
  it('bins values on and beside every edge as CalibrationAccumulator does', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    for (const bins of [3, 10, 15, 100]) {
      const values = [0, 1, 0.5];
      for (let m = 1; m < bins; m += 1) {
        const edge = m / bins;
        const above = new Float64Array([edge]);
        new BigInt64Array(above.buffer)[0] = new BigInt64Array(above.buffer)[0]! + 1n;
        const below = new Float64Array([edge]);
        new BigInt64Array(below.buffer)[0] = new BigInt64Array(below.buffer)[0]! - 1n;
        values.push(edge, above[0]!, below[0]!);
      }
      const confidences = values.filter((value) => value >= 0.5);
      const { guess, bin } = binIndexSql(sqlDialect('duckdb', 'dialect', 'test'), bins);
      const list = confidences.map((value) => `('${String(value)}'::DOUBLE)`).join(', ');
      const sql = `SELECT ${bin('v', 'g')} AS b FROM (SELECT v, ${guess('v')} AS g FROM (VALUES ${list}) t(v))`;
      const fromSql = new Array<number>(bins).fill(0);
      for (const row of (await connection.runAndReadAll(sql)).getRowObjects())
        fromSql[Number(row.b)] = (fromSql[Number(row.b)] as number) + 1;
      const accumulator = new CalibrationAccumulator({ bins });
      accumulator.update(
        { probabilities: confidences.map((value) => [value, 1 - value]) },
        confidences.map(() => 0),
      );
      expect(fromSql).toEqual(accumulator.toJSON().binCount);
    }
    connection.closeSync();
  });
});
