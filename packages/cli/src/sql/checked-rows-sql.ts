import type { PreparedSqlSource } from './prepare-sql-query-options';

/**
 * The first common table expressions of every generated query, ending in `checked`: one row per input row with
 * `label_index` (the label as an int64), `scores` (the logits as float64s), `class_count`, `row_max` and the flags
 * `scores_valid` (at least 2 scores, none null, NaN or ±∞) and `label_valid` (a label in [0, class_count)), plus the
 * `extra` columns (`SQL expression AS name`, read from the table). A value minus itself is 0 exactly when it is finite
 * (NaN, ±∞ and null give NaN or null), in every dialect.
 */
export function checkedRowsSql(source: PreparedSqlSource, extra: readonly { sql: string; name: string }[]): string {
  const { dialect } = source;
  const extraNames = extra.map((column) => `, ${column.name}`).join('');
  const extraColumns = extra.map((column) => `, ${column.sql} AS ${column.name}`).join('');
  const nonFinite = dialect.listSum('scores', (x) => `CASE WHEN ${x} - ${x} = 0 THEN 0 ELSE 1 END`);
  return [
    'source AS (',
    `  SELECT CAST(${source.labels} AS ${dialect.bigint}) AS label_index, ${dialect.doubleList(source.logits)} AS scores${extraColumns}`,
    `  FROM ${source.table}`,
    '),',
    'measured AS (',
    `  SELECT label_index, scores${extraNames}, ${dialect.listLength('scores')} AS class_count,`,
    `    ${dialect.listMax('scores')} AS row_max, ${nonFinite} AS non_finite`,
    '  FROM source',
    '),',
    'checked AS (',
    `  SELECT label_index, scores${extraNames}, class_count, row_max,`,
    '    CASE WHEN class_count >= 2 AND non_finite = 0 THEN 1 ELSE 0 END AS scores_valid,',
    '    CASE WHEN label_index >= 0 AND label_index < class_count THEN 1 ELSE 0 END AS label_valid',
    '  FROM measured',
    ')',
  ].join('\n');
}

/**
 * The select list that counts what `checked` refused: `invalid_scores` (rows whose scores are missing,
 * shorter than 2 or not finite), `invalid_labels` (rows with valid scores whose label is missing or outside
 * [0, classes)), and `min_classes` / `max_classes` over the rows with valid scores (they differ for ragged lists).
 */
export function checkedSummarySql(bigint: string): string {
  return [
    `CAST(COALESCE(SUM(1 - scores_valid), 0) AS ${bigint}) AS invalid_scores`,
    `CAST(COALESCE(SUM(scores_valid * (1 - label_valid)), 0) AS ${bigint}) AS invalid_labels`,
    'MIN(CASE WHEN scores_valid = 1 THEN class_count END) AS min_classes',
    'MAX(CASE WHEN scores_valid = 1 THEN class_count END) AS max_classes',
  ].join(', ');
}
