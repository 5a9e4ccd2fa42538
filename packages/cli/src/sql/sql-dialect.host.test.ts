import { InvalidArgumentError } from '@softlabels/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';

import { quoteIdentifier, quoteTableName, sqlDialect } from './sql-dialect';
import { stateQuery } from './state-query';

const hostile = 'label"; DROP TABLE predictions; --`\\';

describe('identifier quoting', () => {
  it.each([
    ['duckdb', '"label""; DROP TABLE predictions; --`\\"'],
    ['postgres', '"label""; DROP TABLE predictions; --`\\"'],
    ['spark', '`label"; DROP TABLE predictions; --``\\`'],
    ['bigquery', '`label"; DROP TABLE predictions; --\\`\\\\`'],
  ] as const)('escapes a hostile name in %s', (dialect, expected) => {
    expect(quoteIdentifier(sqlDialect(dialect, 'dialect', 'test'), hostile, 'options.labels', 'stateQuery')).toBe(
      expected,
    );
  });

  it('refuses empty names and names with control characters, naming the option', () => {
    const duckdb = sqlDialect('duckdb', 'dialect', 'test');
    expect(() => quoteIdentifier(duckdb, '', 'options.labels', 'stateQuery')).toThrow(InvalidArgumentError);
    expect(() => quoteTableName(duckdb, 'a\nb', 'options.table', 'stateQuery')).toThrow(/options\.table.*stateQuery/);
    expect(() => stateQuery({ dialect: 'duckdb', table: 't', labels: 'l', logits: 'x\u0000' })).toThrow(
      /options\.logits/,
    );
  });

  it('refuses an unknown dialect', () => {
    expect(() => stateQuery({ dialect: 'mysql' as 'duckdb', table: 't', labels: 'l', logits: 'x' })).toThrow(
      /options\.dialect/,
    );
  });

  it('reads a column with a hostile name as that column in DuckDB, and the table stays', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run(
      `CREATE TABLE predictions AS SELECT 1 AS ${quoteIdentifier(sqlDialect('duckdb', 'd', 't'), hostile, 'p', 't')}, [0.0, 2.0] AS logits`,
    );
    const rows = (
      await connection.runAndReadAll(
        stateQuery({ dialect: 'duckdb', table: 'predictions', labels: hostile, logits: 'logits', bins: 2 }),
      )
    ).getRowObjects();
    expect(rows.find((row) => row.part === 'top')).toMatchObject({ bin_index: 1n, row_count: 1n, hit_count: 1n });
    expect((await connection.runAndReadAll('SELECT COUNT(*) AS n FROM predictions')).getRowObjects()).toEqual([
      { n: 1n },
    ]);
    connection.closeSync();
  });
});
