import { checkNumber } from '@softlabels/core';

import { checkedRowsSql, checkedSummarySql } from './checked-rows-sql';
import { prepareSqlQueryOptions, type SqlSourceOptions } from './prepare-sql-query-options';

/** Options of {@link temperatureStepQuery}. */
export interface TemperatureStepQueryOptions extends SqlSourceOptions {
  /** The temperature T > 0 the step is evaluated at. */
  temperature: number;
}

/** −log of the probability floor under which `fitCalibrator`'s NLL diagnostics clip (1e-15). */
const NLL_CEILING = -Math.log(1e-15);

const NAME = 'temperatureStepQuery';

/**
 * One aggregate query giving, over every row, the sums of temperature scaling's Newton step at `options.temperature`:
 * `row_count`, `nll_sum` (Σ −log softmax(z / T)_y), `capped_nll_sum` (each row's NLL capped at −log 1e-15, as
 * `fitCalibrator`'s diagnostics), `derivative_sum` and `second_derivative_sum` (its first two derivatives in log T),
 * with the row checks of the state query (`invalid_scores`, `invalid_labels`, `min_classes`, `max_classes`). Per row,
 * as `fitTemperature`'s float64 pass: with s = 1/T and d = z − max z, the NLL is log1p(Σ_{k ≠ argmax} e^{s·d_k}) −
 * s·d_y (log1p by its series below 10⁻², where ln(1 + r) would round), the derivative −s·(E_q[d] − d_y) and the second
 * derivative s·(E_q[d] − d_y) + s²·Var_q[d] for q = softmax(s·d).
 */
export function temperatureStepQuery(options: TemperatureStepQueryOptions): string {
  const source = prepareSqlQueryOptions(options, ['temperature'], NAME);
  const { dialect, record } = source;
  const temperature = checkNumber(record.temperature, 'options.temperature', NAME, { min: 0, minExclusive: true });
  const double = dialect.double;
  const s = `CAST(${String(1 / temperature)} AS ${double})`;
  const weight = (x: string): string => `EXP(${s} * (${x} - row_max))`;
  const third = `CAST(1 AS ${double}) / 3`;
  // log1p(r) = r − r²/2 + r³/3 − …: eight terms leave a relative error below 2e-17 for r < 10⁻².
  const series = ['1', '0.5', third, '0.25', '0.2', `CAST(1 AS ${double}) / 6`, `CAST(1 AS ${double}) / 7`, '0.125']
    .reverse()
    .reduce((inner, coefficient, index) => (index === 0 ? coefficient : `${coefficient} - rest * (${inner})`), '');
  return [
    `WITH ${checkedRowsSql(source, [])},`,
    'shifted AS (',
    '  SELECT scores, row_max,',
    `    ${dialect.listElement('scores', 'label_index')} - row_max AS label_shift,`,
    `    ${dialect.listSum('scores', (x) => `CASE WHEN ${x} < row_max THEN ${weight(x)} ELSE 0 END`)} AS rest_below,`,
    `    ${dialect.listSum('scores', (x) => `CASE WHEN ${x} = row_max THEN 1 ELSE 0 END`)} - 1 AS other_maxima,`,
    `    ${dialect.listSum('scores', (x) => `${weight(x)} * (${x} - row_max)`)} AS first_moment`,
    '  FROM checked',
    '  WHERE scores_valid = 1 AND label_valid = 1',
    '),',
    'moments AS (',
    '  SELECT scores, row_max, label_shift, rest_below + other_maxima AS rest,',
    '    first_moment / (1 + (rest_below + other_maxima)) AS mean',
    '  FROM shifted',
    '),',
    'spread AS (',
    '  SELECT label_shift, rest, mean,',
    `    ${dialect.listSum('scores', (x) => `${weight(x)} * (${x} - row_max - mean) * (${x} - row_max - mean)`)}`,
    '      / (1 + rest) AS variance',
    '  FROM moments',
    '),',
    'terms AS (',
    `  SELECT CASE WHEN rest < 0.01 THEN rest * (${series}) ELSE LN(1 + rest) END - ${s} * label_shift AS nll,`,
    '    mean - label_shift AS slope, variance',
    '  FROM spread',
    ')',
    'SELECT totals.*, checks.*',
    'FROM (',
    `  SELECT COUNT(*) AS row_count, SUM(nll) AS nll_sum,`,
    `    SUM(LEAST(nll, CAST(${String(NLL_CEILING)} AS ${double}))) AS capped_nll_sum,`,
    `    SUM(-${s} * slope) AS derivative_sum, SUM(${s} * slope + ${s} * ${s} * variance) AS second_derivative_sum`,
    '  FROM terms',
    ') AS totals CROSS JOIN (',
    `  SELECT COUNT(*) AS input_rows, ${checkedSummarySql(dialect.bigint)}`,
    '  FROM checked',
    ') AS checks',
    '',
  ].join('\n');
}
