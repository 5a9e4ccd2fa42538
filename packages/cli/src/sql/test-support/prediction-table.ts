import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Writes `rows` predictions of `classes` classes to the Parquet file `path` with DuckDB itself: `label` from a hash of
 * the row, `logits` a list of pseudo-random float64s from hashes of (row, class) that favour the label (so the fitted
 * temperature lies inside its range); every 997th row has all logits 0 (a tie of every class). Deterministic.
 */
export async function writePredictionParquet(
  connection: DuckDBConnection,
  path: string,
  rows: number,
  classes: number,
): Promise<void> {
  const uniform = (offset: string): string =>
    `CAST(hash(i * ${classes} + k + ${offset}) >> 11 AS DOUBLE) / 9007199254740992.0`;
  await connection.run(
    `COPY (SELECT label, list_transform(range(${classes}), lambda k: CASE WHEN i % 997 = 0 THEN 0.0 ELSE ` +
      `2.0 * (CASE WHEN k = label THEN 1.8 ELSE 0.0 END + 2.0 * (${uniform('0')} + ${uniform('7777777777')} - 1.0)) END) AS logits ` +
      `FROM (SELECT i, CAST(hash(i) % ${classes} AS BIGINT) AS label FROM range(${rows}) t(i))) ` +
      `TO '${path.split("'").join("''")}' (FORMAT parquet)`,
  );
}

/** The rows of a table of `label` and `logits`, in chunks of `chunk` rows, as flat logits and labels. */
export async function* predictionChunks(
  connection: DuckDBConnection,
  table: string,
  chunk: number,
): AsyncGenerator<{ logits: Float64Array; labels: Int32Array; classes: number }> {
  const result = await connection.stream(`SELECT label, logits FROM ${table}`);
  let labels: number[] = [];
  let logits: number[] = [];
  let classes = 0;
  const flush = (): { logits: Float64Array; labels: Int32Array; classes: number } => {
    const out = { logits: Float64Array.from(logits), labels: Int32Array.from(labels), classes };
    labels = [];
    logits = [];
    return out;
  };
  for (;;) {
    const data = await result.fetchChunk();
    if (data === null || data.rowCount === 0) break;
    for (const [label, list] of data.getRows()) {
      const items = (list as { items: number[] }).items;
      classes = items.length;
      labels.push(Number(label));
      logits.push(...items);
    }
    if (labels.length >= chunk) yield flush();
  }
  if (labels.length > 0) yield flush();
}
