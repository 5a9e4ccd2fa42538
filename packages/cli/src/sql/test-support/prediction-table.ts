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

/**
 * The rows of a table of `label` and `classes` logits in a list column `logits`, in chunks of about `chunk` rows, as
 * flat float64 logits and int32 labels. The list is read as one float64 column per class (typed values, no list
 * objects), so millions of rows stream in bounded memory.
 */
export async function* predictionChunks(
  connection: DuckDBConnection,
  table: string,
  classes: number,
  chunk: number,
): AsyncGenerator<{ logits: Float64Array; labels: Int32Array }> {
  const columns = Array.from({ length: classes }, (_, k) => `logits[${k + 1}] AS logit_${k}`).join(', ');
  const result = await connection.stream(`SELECT CAST(label AS INTEGER) AS label, ${columns} FROM ${table}`);
  let parts: { logits: Float64Array; labels: Int32Array }[] = [];
  let rows = 0;
  const flush = (): { logits: Float64Array; labels: Int32Array } => {
    const out = { logits: new Float64Array(rows * classes), labels: new Int32Array(rows) };
    let at = 0;
    for (const part of parts) {
      out.logits.set(part.logits, at * classes);
      out.labels.set(part.labels, at);
      at += part.labels.length;
    }
    parts = [];
    rows = 0;
    return out;
  };
  for (;;) {
    const data = await result.fetchChunk();
    if (data === null || data.rowCount === 0) break;
    const count = data.rowCount;
    const labels = Int32Array.from(data.getColumnVector(0).toArray() as number[]);
    const logits = new Float64Array(count * classes);
    for (let k = 0; k < classes; k += 1) {
      const values = data.getColumnVector(k + 1).toArray() as number[];
      for (let row = 0; row < count; row += 1) logits[row * classes + k] = values[row] as number;
    }
    parts.push({ logits, labels });
    rows += count;
    if (rows >= chunk) yield flush();
  }
  if (rows > 0) yield flush();
}
