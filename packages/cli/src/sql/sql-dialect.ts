/**
 * Everything the generated queries say differently in DuckDB, Spark SQL, BigQuery and PostgreSQL: identifier quoting,
 * type names, list (array) functions and how a list becomes one row per element. The queries themselves are written
 * once, in terms of these pieces.
 */
import { checkChoice, InvalidArgumentError } from '@softlabels/core';

/** The SQL engines the push-down writes queries for. */
export const SQL_DIALECTS = ['duckdb', 'spark', 'bigquery', 'postgres'] as const;

/** One of {@link SQL_DIALECTS}. */
export type SqlDialectName = (typeof SQL_DIALECTS)[number];

/** The per-engine pieces of a query. `list` arguments are SQL expressions of a list of doubles. */
export interface SqlDialect {
  name: SqlDialectName;
  /** The float64 type (`DOUBLE`, `FLOAT64`, `DOUBLE PRECISION`). */
  double: string;
  /** The int64 type (`BIGINT`, `INT64`). */
  bigint: string;
  /** `name` as a quoted identifier (quote characters inside escaped). */
  quote: (name: string) => string;
  /** A list column cast to a list of float64. */
  doubleList: (list: string) => string;
  /** Number of elements. */
  listLength: (list: string) => string;
  /** Largest element. */
  listMax: (list: string) => string;
  /** Σ over the elements of `term(x)`, where `x` is the SQL name of the element. */
  listSum: (list: string, term: (element: string) => string) => string;
  /** 0-based index of the first element equal to `value`. */
  listFirstIndex: (list: string, value: string) => string;
  /** The element at 0-based `index` (an expression known to lie in [0, length)). */
  listElement: (list: string, index: string) => string;
  /**
   * A SELECT over `source` keeping `columns` and adding one row per element of the list column `list`: the element as
   * `element` and its 0-based index as `element_index`.
   */
  explode: (source: string, columns: readonly string[], list: string) => string;
}

/** Identifiers containing control characters (newlines, NUL) are refused in every dialect. */
// eslint-disable-next-line no-control-regex -- the control characters are what this pattern finds.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function doubledQuote(quote: string): (name: string) => string {
  return (name) => `${quote}${name.split(quote).join(quote + quote)}${quote}`;
}

/** Postgres-style correlated subqueries over `unnest(list)`, which DuckDB runs as well. */
const postgres: SqlDialect = {
  name: 'postgres',
  double: 'DOUBLE PRECISION',
  bigint: 'BIGINT',
  quote: doubledQuote('"'),
  doubleList: (list) => `CAST(${list} AS DOUBLE PRECISION[])`,
  listLength: (list) => `array_length(${list}, 1)`,
  listMax: (list) => `(SELECT MAX(x) FROM unnest(${list}) AS u(x))`,
  listSum: (list, term) => `(SELECT SUM(${term('x')}) FROM unnest(${list}) AS u(x))`,
  listFirstIndex: (list, value) => `(array_position(${list}, ${value}) - 1)`,
  listElement: (list, index) => `${list}[${index} + 1]`,
  explode: (source, columns, list) =>
    `SELECT ${columns.join(', ')}, cell.element, cell.element_position - 1 AS element_index\n` +
    `  FROM ${source} CROSS JOIN LATERAL unnest(${source}.${list}) WITH ORDINALITY AS cell(element, element_position)`,
};

const duckdb: SqlDialect = {
  name: 'duckdb',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  quote: doubledQuote('"'),
  doubleList: (list) => `CAST(${list} AS DOUBLE[])`,
  listLength: (list) => `len(${list})`,
  listMax: (list) => `list_max(${list})`,
  listSum: (list, term) => `list_sum(list_transform(${list}, lambda x: ${term('x')}))`,
  listFirstIndex: (list, value) => `(list_position(${list}, ${value}) - 1)`,
  listElement: (list, index) => `${list}[${index} + 1]`,
  explode: (source, columns, list) =>
    `SELECT ${columns.join(', ')}, UNNEST(${list}) AS element, UNNEST(range(len(${list}))) AS element_index\n` +
    `  FROM ${source}`,
};

const spark: SqlDialect = {
  name: 'spark',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  quote: doubledQuote('`'),
  doubleList: (list) => `CAST(${list} AS ARRAY<DOUBLE>)`,
  listLength: (list) => `size(${list})`,
  listMax: (list) => `array_max(${list})`,
  listSum: (list, term) => `aggregate(${list}, CAST(0 AS DOUBLE), (acc, x) -> acc + ${term('x')})`,
  listFirstIndex: (list, value) => `(array_position(${list}, ${value}) - 1)`,
  listElement: (list, index) => `element_at(${list}, CAST(${index} AS INT) + 1)`,
  explode: (source, columns, list) =>
    `SELECT ${columns.join(', ')}, cell.element, cell.element_index\n` +
    `  FROM ${source} LATERAL VIEW posexplode(${source}.${list}) cell AS element_index, element`,
};

const bigquery: SqlDialect = {
  name: 'bigquery',
  double: 'FLOAT64',
  bigint: 'INT64',
  // BigQuery escapes inside quoted identifiers with a backslash.
  quote: (name) => `\`${name.replace(/[\\`]/g, (character) => `\\${character}`)}\``,
  doubleList: (list) =>
    `ARRAY(SELECT CAST(x AS FLOAT64) FROM UNNEST(${list}) AS x WITH OFFSET AS x_offset ORDER BY x_offset)`,
  listLength: (list) => `ARRAY_LENGTH(${list})`,
  listMax: (list) => `(SELECT MAX(x) FROM UNNEST(${list}) AS x)`,
  listSum: (list, term) => `(SELECT SUM(${term('x')}) FROM UNNEST(${list}) AS x)`,
  listFirstIndex: (list, value) =>
    `(SELECT MIN(x_offset) FROM UNNEST(${list}) AS x WITH OFFSET AS x_offset WHERE x = ${value})`,
  listElement: (list, index) => `${list}[SAFE_OFFSET(${index})]`,
  explode: (source, columns, list) =>
    `SELECT ${columns.join(', ')}, element, element_index\n` +
    `  FROM ${source} CROSS JOIN UNNEST(${source}.${list}) AS element WITH OFFSET AS element_index`,
};

const DIALECTS: Record<SqlDialectName, SqlDialect> = { duckdb, spark, bigquery, postgres };

/**
 * The dialect named `name`; an {@link InvalidArgumentError} names `parameter` and `functionName` for any other value.
 */
export function sqlDialect(name: unknown, parameter: string, functionName: string): SqlDialect {
  return DIALECTS[checkChoice(name, SQL_DIALECTS, parameter, functionName)];
}

/**
 * `name` quoted as one identifier of `dialect`. Quote characters inside are escaped (doubled, or backslashed in
 * BigQuery), so any name is taken literally; empty names and names with control characters (newlines, NUL) are
 * refused with an {@link InvalidArgumentError} naming `parameter`.
 */
export function quoteIdentifier(dialect: SqlDialect, name: unknown, parameter: string, functionName: string): string {
  if (typeof name !== 'string' || name.length === 0 || CONTROL_CHARACTERS.test(name)) {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: name,
      expected: 'be a non-empty column or table name without control characters',
    });
  }
  return dialect.quote(name);
}

/**
 * A table name of `dialect`: `name` split at dots into parts (`project.dataset.table`), each quoted with
 * {@link quoteIdentifier}.
 */
export function quoteTableName(dialect: SqlDialect, name: unknown, parameter: string, functionName: string): string {
  const parts = typeof name === 'string' ? name.split('.') : [name];
  return parts.map((part) => quoteIdentifier(dialect, part, parameter, functionName)).join('.');
}
