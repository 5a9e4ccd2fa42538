import { open } from 'node:fs/promises';

import { DataType, RecordBatchReader, type RecordBatch, type Vector } from 'apache-arrow';

import { InputFileError } from '../errors/input-file-error';
import { resolveLabelColumn, resolveScoreColumns, type ColumnInfo } from './column-spec';
import { chunkRowsFor, type RawChunk, type SourceRequest } from './raw-chunk';

function fileError(file: string, cause: unknown): InputFileError {
  return new InputFileError({
    file,
    functionName: 'readArrow',
    problem: `cannot be read as Arrow IPC (${(cause as Error).message}); is it truncated?`,
    cause,
  });
}

function isList(type: DataType): boolean {
  return DataType.isList(type) || DataType.isFixedSizeList(type) || DataType.isLargeList?.(type) === true;
}

/** A scalar column's values, `null` where the validity bitmap says so. */
function scalarValues(vector: Vector): ArrayLike<unknown> {
  if (vector.nullCount === 0 && (DataType.isFloat(vector.type) || DataType.isInt(vector.type))) {
    return vector.toArray() as ArrayLike<unknown>;
  }
  const values = new Array<unknown>(vector.length);
  for (let row = 0; row < vector.length; row += 1) values[row] = vector.isValid(row) ? vector.get(row) : null;
  return values;
}

/** A list column's rows as arrays (`null` for a null row). */
function listValues(vector: Vector): ArrayLike<unknown> {
  const values = new Array<unknown>(vector.length);
  for (let row = 0; row < vector.length; row += 1) {
    const item = vector.isValid(row) ? (vector.get(row) as Vector | null) : null;
    values[row] = item === null ? null : (item.toArray() as ArrayLike<unknown>);
  }
  return values;
}

/**
 * Reads an Arrow IPC file (the file format, `.arrow` / `.feather` v2) or stream (`.arrows`) record batch by record
 * batch with apache-arrow, each batch cut into chunks of at most `chunkRows` rows and `CHUNK_VALUES` scores. Score
 * columns may be numeric columns or one List / FixedSizeList column.
 */
export async function* readArrow(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file);
  } catch (cause) {
    throw fileError(file, cause);
  }
  try {
    let reader: Awaited<ReturnType<typeof RecordBatchReader.from>>;
    try {
      reader = await RecordBatchReader.from(handle);
      await reader.open();
    } catch (cause) {
      throw fileError(file, cause);
    }
    const columns: ColumnInfo[] = reader.schema.fields.map((field) => ({ name: field.name, list: isList(field.type) }));
    const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
    const labels = request.labels === undefined ? undefined : resolveLabelColumn(request.labels, columns, file);
    let firstRow = 0;
    const iterator = reader[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<RecordBatch>;
      try {
        next = await iterator.next();
      } catch (cause) {
        throw fileError(file, cause);
      }
      if (next.done === true) break;
      const batch = next.value;
      const rows = batch.numRows;
      const perRow =
        scores.kind === 'columns'
          ? scores.names.length
          : Math.ceil(((batch.getChild(scores.name) as Vector).getChildAt(0)?.length ?? 0) / Math.max(1, rows));
      const slice = chunkRowsFor(request.chunkRows, perRow);
      for (let done = 0; done < rows; done += slice) {
        const part = done === 0 && slice >= rows ? batch : batch.slice(done, Math.min(rows, done + slice));
        const child = (name: string): Vector => part.getChild(name) as Vector;
        yield {
          firstRow: firstRow + done,
          rows: part.numRows,
          scores:
            scores.kind === 'columns'
              ? { kind: 'columns', names: scores.names, columns: scores.names.map((name) => scalarValues(child(name))) }
              : { kind: 'list', name: scores.name, lists: listValues(child(scores.name)) },
          ...(labels === undefined ? {} : { labels: { name: labels, values: scalarValues(child(labels)) } }),
        };
      }
      firstRow += rows;
    }
  } finally {
    await handle.close();
  }
}
