import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import { InputFileError } from '../errors/input-file-error';
import { resolveLabelColumn, resolveScoreColumns } from './column-spec';
import { CellProblem, type RawChunk, type SourceRequest } from './raw-chunk';
import { columnsFromFirstRecord, RowBatcher } from './row-batcher';

type JsonRecord = Record<string, unknown> | CellProblem;

function parseLine(line: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    return new CellProblem(`not valid JSON (${(cause as Error).message}); a truncated line?`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new CellProblem('not a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a JSON Lines file (`.jsonl` / `.ndjson`) line by line: one JSON object per prediction, blank lines ignored.
 * A list-valued score column is a JSON array (`{"logits": [1.5, -0.2], "label": 0}`). A line that does not parse (a
 * truncated last line) is an invalid row; the columns are those of the first object.
 */
export async function* readJsonLines(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let batcher: RowBatcher<JsonRecord> | undefined;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const record = parseLine(line);
      if (batcher === undefined) {
        if (record instanceof CellProblem) {
          throw new InputFileError({ file, row: 0, functionName: 'readJsonLines', problem: record.problem });
        }
        const columns = columnsFromFirstRecord(Object.keys(record), (name) => record[name]);
        const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
        const labels = request.labels === undefined ? undefined : resolveLabelColumn(request.labels, columns, file);
        batcher = new RowBatcher<JsonRecord>(scores, labels, request.chunkRows, (row, name) =>
          row instanceof CellProblem ? row : row[name],
        );
      }
      const chunk = batcher.add(record);
      if (chunk !== undefined) yield chunk;
    }
  } catch (cause) {
    if (InputFileError.isInstance(cause)) throw cause;
    throw new InputFileError({
      file,
      functionName: 'readJsonLines',
      problem: `cannot be read (${(cause as Error).message})`,
      cause,
    });
  } finally {
    lines.close();
    stream.destroy();
  }
  if (batcher === undefined) {
    throw new InputFileError({ file, functionName: 'readJsonLines', problem: 'holds no JSON object' });
  }
  const last = batcher.flush();
  if (last !== undefined) yield last;
}
