import { readOptions } from '@softlabels/core';

import { quoteIdentifier, quoteTableName, sqlDialect, type SqlDialect, type SqlDialectName } from './sql-dialect';

/** What every generated query reads: where the predictions are and which columns hold what. */
export interface SqlSourceOptions {
  /** The engine the query is written for. */
  dialect: SqlDialectName;
  /** The table (or view), dotted parts quoted one by one: `project.dataset.predictions`. */
  table: string;
  /** The integer label column (0-based class index). */
  labels: string;
  /** The list (array) column of each row's logits, one per class. */
  logits: string;
}

/** The common options read and quoted, with the extra keys of the entry point left in `record`. */
export interface PreparedSqlSource {
  dialect: SqlDialect;
  table: string;
  labels: string;
  logits: string;
  /** The options object, its keys checked against the entry point's. */
  record: Record<string, unknown>;
}

const SOURCE_KEYS = ['dialect', 'table', 'labels', 'logits'] as const;

/**
 * Reads the options of a query builder (`stateQuery`, `temperatureStepQuery`): rejects keys other than the
 * {@link SqlSourceOptions} ones and `extraKeys`, checks the dialect and quotes the table and columns (an
 * `InvalidArgumentError` names the option and `functionName`).
 */
export function prepareSqlQueryOptions(
  options: unknown,
  extraKeys: readonly string[],
  functionName: string,
): PreparedSqlSource {
  const record = readOptions(options, [...SOURCE_KEYS, ...extraKeys], functionName);
  const dialect = sqlDialect(record.dialect, 'options.dialect', functionName);
  return {
    dialect,
    table: quoteTableName(dialect, record.table, 'options.table', functionName),
    labels: quoteIdentifier(dialect, record.labels, 'options.labels', functionName),
    logits: quoteIdentifier(dialect, record.logits, 'options.logits', functionName),
    record,
  };
}
