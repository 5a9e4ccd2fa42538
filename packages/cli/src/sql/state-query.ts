import { checkNumber } from '@softlabels/core';

import { binIndexSql } from './bin-index-sql';
import { checkedRowsSql, checkedSummarySql } from './checked-rows-sql';
import { prepareSqlQueryOptions, type SqlSourceOptions } from './prepare-sql-query-options';
import { quoteIdentifier } from './sql-dialect';

/** Options of {@link stateQuery}. */
export interface StateQueryOptions extends SqlSourceOptions {
  /** Number of equal-width bins (default 15, as `CalibrationAccumulator`). */
  bins?: number;
  /**
   * A column of top-label confidences to bin instead of the softmax maximum of the logits (say, what the served model
   * logged). The state equals the accumulator's over the logits only when it holds exactly that maximum.
   */
  confidence?: string;
  /** A column of predicted classes to score instead of the logits' argmax (first of ties); as `confidence`. */
  prediction?: string;
}

/**
 * The columns of a {@link stateQuery} result, one row per part: `part` is `'input'` (one row: `row_count` input rows,
 * the `invalid_scores`, `invalid_labels`, `min_classes`, `max_classes` of the checks and the `bins`), `'top'` (per
 * `bin_index` of the top-label confidence: `row_count`, `hit_count` correct predictions, `score_sum` of confidences,
 * `nll_sum`) or `'class'` (per `class_index` and `bin_index` of that class's probability: `row_count`, `hit_count`
 * rows labelled with the class, `score_sum` of probabilities, `brier_sum` of squared errors).
 */
export const STATE_RESULT_COLUMNS = [
  'part',
  'class_index',
  'bin_index',
  'row_count',
  'hit_count',
  'score_sum',
  'nll_sum',
  'brier_sum',
  'invalid_scores',
  'invalid_labels',
  'min_classes',
  'max_classes',
  'bins',
] as const;

const NAME = 'stateQuery';

/**
 * One SQL query that computes `CalibrationAccumulator`'s state (equal-width top-label bins, per-class bins, Brier and
 * NLL sums) with GROUP BY where the predictions live: DuckDB, Spark SQL, BigQuery or PostgreSQL. Each row's softmax
 * is computed from its list of logits as the accumulator does (maximum subtracted, log-sum-exp for the NLL, argmax the
 * first of ties), and values are binned by the accumulator's rule (see `binIndexSql`). Rows with missing or
 * non-finite logits, fewer than 2 of them, or a label outside [0, classes) are left out and counted; the result (see
 * {@link STATE_RESULT_COLUMNS}, classes × bins + bins + 1 rows at most) becomes the accumulator's JSON state with
 * `stateFromSql`, which refuses results that counted such rows. Column and table names are quoted (see
 * `quoteIdentifier`); a dotted table name is quoted part by part.
 *
 * The Brier score, NLL and per-class bins need every class's score: a list column of logits is required; columns of
 * confidences and predictions alone would give only the top-label bins.
 */
export function stateQuery(options: StateQueryOptions): string {
  const source = prepareSqlQueryOptions(options, ['bins', 'confidence', 'prediction'], NAME);
  const { dialect, record } = source;
  const bins = checkNumber(record.bins ?? 15, 'options.bins', NAME, { min: 1, max: 1e6, integer: true });
  const extra = [];
  if (record.confidence !== undefined) {
    const column = quoteIdentifier(dialect, record.confidence, 'options.confidence', NAME);
    extra.push({ sql: `CAST(${column} AS ${dialect.double})`, name: 'given_confidence' });
  }
  if (record.prediction !== undefined) {
    const column = quoteIdentifier(dialect, record.prediction, 'options.prediction', NAME);
    extra.push({ sql: `CAST(${column} AS ${dialect.bigint})`, name: 'given_prediction' });
  }
  const given = extra.map((column) => `, ${column.name}`).join('');
  const prediction = record.prediction === undefined ? 'prediction' : 'given_prediction';
  const confidence = record.confidence === undefined ? `CAST(1 AS ${dialect.double}) / row_total` : 'given_confidence';
  const { guess, bin } = binIndexSql(dialect, bins);
  const nothing = (type: string): string => `CAST(NULL AS ${type})`;
  const long = dialect.bigint;
  const real = dialect.double;
  return [
    `WITH ${checkedRowsSql(source, extra)},`,
    'scored AS (',
    `  SELECT label_index, scores, row_max${given},`,
    `    ${dialect.listFirstIndex('scores', 'row_max')} AS prediction,`,
    `    ${dialect.listSum('scores', (x) => `EXP(${x} - row_max)`)} AS row_total,`,
    `    ${dialect.listElement('scores', 'label_index')} AS label_score`,
    '  FROM checked',
    '  WHERE scores_valid = 1 AND label_valid = 1',
    '),',
    'top_label AS (',
    '  SELECT label_index, scores, row_max, row_total,',
    `    CASE WHEN ${prediction} = label_index THEN 1 ELSE 0 END AS hit,`,
    `    ${confidence} AS confidence,`,
    '    LN(row_total) - (label_score - row_max) AS nll',
    '  FROM scored',
    '),',
    'top_guess AS (',
    `  SELECT hit, confidence, nll, ${guess('confidence')} AS bin_guess`,
    '  FROM top_label',
    '),',
    'top_binned AS (',
    `  SELECT hit, confidence, nll, ${bin('confidence', 'bin_guess')} AS bin_index`,
    '  FROM top_guess',
    '),',
    'cells AS (',
    `  ${dialect.explode('top_label', ['label_index', 'row_max', 'row_total'], 'scores')}`,
    '),',
    'cell_scored AS (',
    '  SELECT element_index AS class_index, EXP(element - row_max) / row_total AS probability,',
    '    CASE WHEN element_index = label_index THEN 1 ELSE 0 END AS positive',
    '  FROM cells',
    '),',
    'cell_guess AS (',
    `  SELECT class_index, probability, positive, ${guess('probability')} AS bin_guess`,
    '  FROM cell_scored',
    '),',
    'cell_binned AS (',
    `  SELECT class_index, probability, positive, ${bin('probability', 'bin_guess')} AS bin_index`,
    '  FROM cell_guess',
    ')',
    `SELECT 'input' AS part, ${nothing(long)} AS class_index, ${nothing(long)} AS bin_index, COUNT(*) AS row_count,`,
    `  ${nothing(long)} AS hit_count, ${nothing(real)} AS score_sum, ${nothing(real)} AS nll_sum,`,
    `  ${nothing(real)} AS brier_sum, ${checkedSummarySql(long)}, CAST(${bins} AS ${long}) AS bins`,
    'FROM checked',
    'UNION ALL',
    `SELECT 'top', ${nothing(long)}, bin_index, COUNT(*), SUM(hit), SUM(confidence), SUM(nll), ${nothing(real)},`,
    `  ${nothing(long)}, ${nothing(long)}, ${nothing(long)}, ${nothing(long)}, ${nothing(long)}`,
    'FROM top_binned',
    'GROUP BY bin_index',
    'UNION ALL',
    `SELECT 'class', class_index, bin_index, COUNT(*), SUM(positive), SUM(probability), ${nothing(real)},`,
    '  SUM((probability - positive) * (probability - positive)),',
    `  ${nothing(long)}, ${nothing(long)}, ${nothing(long)}, ${nothing(long)}, ${nothing(long)}`,
    'FROM cell_binned',
    'GROUP BY class_index, bin_index',
    'ORDER BY part, class_index, bin_index',
    '',
  ].join('\n');
}
