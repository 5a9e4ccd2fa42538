import type { SqlDialect } from './sql-dialect';

/**
 * The two steps of the SQL form of `CalibrationAccumulator`'s equal-width binning, in which a value falls in the first
 * bin m with `value <= m+1 / M` (the edge m / M one float64 division, the first bin taking everything up to 1 / M, 0
 * included, the last everything above (M − 1) / M, 1.0 included). `guess` is `ceil(value · M) − 1` clamped to
 * [0, M − 1], which rounding of the product can put one bin off; `bin` compares the value with the guessed bin's own
 * edges, as the accumulator does, and moves it by that one bin. Two steps, so that engines compute the guess once per
 * value (the caller gives it a column between them).
 */
export function binIndexSql(
  dialect: SqlDialect,
  bins: number,
): { guess: (value: string) => string; bin: (value: string, guess: string) => string } {
  const count = `CAST(${bins} AS ${dialect.double})`;
  const edge = (index: string): string => `CAST(${index} AS ${dialect.double}) / ${count}`;
  return {
    guess: (value) => `LEAST(GREATEST(CAST(CEIL(${value} * ${count}) AS ${dialect.bigint}) - 1, 0), ${bins - 1})`,
    bin: (value, guess) =>
      `CASE WHEN ${guess} > 0 AND ${value} <= ${edge(guess)} THEN ${guess} - 1 ` +
      `WHEN ${guess} < ${bins - 1} AND ${value} > ${edge(`${guess} + 1`)} THEN ${guess} + 1 ELSE ${guess} END`,
  };
}
