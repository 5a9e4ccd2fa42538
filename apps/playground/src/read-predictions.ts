import { PredictionFileError } from './prediction-file-error';
import { type Predictions, predictionsFromMatrix } from './predictions';

function fromRows(rows: number[][], labels: number[], fileName: string, kind?: Predictions['kind']): Predictions {
  const classes = rows[0]?.length ?? 0;
  const ragged = rows.findIndex((row) => !Array.isArray(row) || row.length !== classes);
  if (ragged >= 0) {
    throw new PredictionFileError({ fileName, problem: `must give every row ${classes} scores (row ${ragged + 1})` });
  }
  return predictionsFromMatrix(rows.flat(), classes, labels, fileName, kind);
}

/**
 * Reads predictions from the text of a CSV file (per line: the scores, then the integer label; a header line of
 * non-numbers is skipped) or a JSON file (`{ "logits": number[][], "labels": number[] }`, or `"probabilities"` instead
 * of `"logits"`). CSV rows whose scores are in [0, 1] and sum to 1 are read as probabilities, others as logits.
 *
 * @throws {PredictionFileError} naming the file and what is wrong with it.
 *
 * @example
 * ```ts
 * import { readPredictions } from './read-predictions';
 * const predictions = readPredictions('p0,p1,label\n0.9,0.1,0\n0.2,0.8,1\n', 'scores.csv');
 * console.log(predictions.kind, predictions.classes); // 'probabilities' 2
 * ```
 */
export function readPredictions(text: string, fileName: string): Predictions {
  const fail = (problem: string): never => {
    throw new PredictionFileError({ fileName, problem });
  };
  if (fileName.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(`must be valid JSON (${(error as Error).message})`);
    }
    const record = parsed as { logits?: unknown; probabilities?: unknown; labels?: unknown };
    const rows = record.logits ?? record.probabilities;
    if (!Array.isArray(rows) || !Array.isArray(record.labels)) {
      fail('must be a JSON object with "logits" (or "probabilities") and "labels" arrays');
    }
    return fromRows(
      rows as number[][],
      record.labels as number[],
      fileName,
      record.logits ? 'logits' : 'probabilities',
    );
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
    fileName,
  );
}
