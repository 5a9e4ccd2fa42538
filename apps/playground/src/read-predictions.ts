/** Predictions read from a user's file: one row per example, and the labels. */
export interface Predictions {
  kind: 'logits' | 'probabilities';
  /** `rows · classes` values, row-major. */
  values: Float32Array;
  labels: Int32Array;
  classes: number;
}

function fail(expected: string): never {
  throw new Error(`readPredictions: the file must ${expected}`);
}

function fromRows(rows: number[][], labels: number[], kind?: Predictions['kind']): Predictions {
  const classes = rows[0]?.length ?? 0;
  if (rows.length === 0 || classes < 2) fail('hold at least one row of two or more scores');
  if (rows.length !== labels.length) fail(`give one label per row (${rows.length} rows, ${labels.length} labels)`);
  if (rows.some((row) => row.length !== classes)) fail(`give every row ${classes} scores`);
  const values = Float32Array.from(rows.flat());
  if (values.some((value) => !Number.isFinite(value))) fail('hold finite numbers only');
  if (labels.some((label) => !Number.isInteger(label) || label < 0 || label >= classes)) {
    fail(`give integer labels in 0…${classes - 1}`);
  }
  const probabilities = rows.every(
    (row) => row.every((value) => value >= 0 && value <= 1) && Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-3,
  );
  return {
    kind: kind ?? (probabilities ? 'probabilities' : 'logits'),
    values,
    labels: Int32Array.from(labels),
    classes,
  };
}

/**
 * Reads predictions from the text of a CSV file (per line: the scores, then the integer label; a header line of
 * non-numbers is skipped) or a JSON file (`{ "logits": number[][], "labels": number[] }`, or `"probabilities"` instead
 * of `"logits"`). CSV rows whose scores are in [0, 1] and sum to 1 are read as probabilities, others as logits.
 *
 * @example
 * ```ts
 * import { readPredictions } from './read-predictions';
 * const predictions = readPredictions('p0,p1,label\n0.9,0.1,0\n0.2,0.8,1\n', 'scores.csv');
 * console.log(predictions.kind, predictions.classes); // 'probabilities' 2
 * ```
 */
export function readPredictions(text: string, fileName: string): Predictions {
  if (fileName.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(`be valid JSON (${(error as Error).message})`);
    }
    const record = parsed as { logits?: unknown; probabilities?: unknown; labels?: unknown };
    const rows = record.logits ?? record.probabilities;
    if (!Array.isArray(rows) || !Array.isArray(record.labels)) {
      fail('be a JSON object with "logits" (or "probabilities") and "labels" arrays');
    }
    return fromRows(rows as number[][], record.labels as number[], record.logits ? 'logits' : 'probabilities');
  }
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const cells = lines.map((line) => line.split(',').map((cell) => Number(cell.trim())));
  const numeric = cells.filter((row, index) => index > 0 || row.every((value) => !Number.isNaN(value)));
  return fromRows(
    numeric.map((row) => row.slice(0, -1)),
    numeric.map((row) => row.at(-1) as number),
  );
}
