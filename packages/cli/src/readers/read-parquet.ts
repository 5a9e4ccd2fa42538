import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { InputFileError } from '../errors/input-file-error';
import { resolveLabelColumn, resolveScoreColumns, type ColumnInfo } from './column-spec';
import type { RawChunk, SourceRequest } from './raw-chunk';

function fileError(file: string, cause: unknown): InputFileError {
  return new InputFileError({
    file,
    functionName: 'readParquet',
    problem: `cannot be read as Parquet (${(cause as Error).message}); is it truncated?`,
    cause,
  });
}

/** The top-level columns of a Parquet schema, lists marked (LIST logical/converted type, or JSON text). */
function columnsOf(metadata: FileMetaData): ColumnInfo[] {
  return parquetSchema(metadata).children.map((child) => ({
    name: child.element.name,
    list:
      child.element.converted_type === 'LIST' ||
      child.element.logical_type?.type === 'LIST' ||
      child.element.converted_type === 'JSON' ||
      child.element.repetition_type === 'REPEATED',
  }));
}

/** One column of a row group from the pieces hyparquet hands over (used as they are when one piece covers it). */
function joinPieces(pieces: { rowStart: number; values: ArrayLike<unknown> }[], rows: number): ArrayLike<unknown> {
  const [only] = pieces;
  if (pieces.length === 1 && only !== undefined && only.rowStart === 0 && only.values.length === rows) {
    return only.values;
  }
  const joined = new Array<unknown>(rows);
  for (const { rowStart, values } of pieces) {
    for (let index = 0; index < values.length; index += 1) {
      const row = rowStart + index;
      if (row >= 0 && row < rows) joined[row] = values[index];
    }
  }
  return joined;
}

/**
 * Reads a Parquet file row group by row group (hyparquet, only the requested columns; Snappy, Gzip, Zstd, Brotli and
 * LZ4 pages via hyparquet-compressors). Score columns may be scalar columns or one LIST (or JSON) column.
 */
export async function* readParquet(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: FileMetaData;
  try {
    buffer = await asyncBufferFromFile(file);
    metadata = await parquetMetadataAsync(buffer);
  } catch (cause) {
    throw fileError(file, cause);
  }
  const columns = columnsOf(metadata);
  const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
  const labels = request.labels === undefined ? undefined : resolveLabelColumn(request.labels, columns, file);
  const scoreNames = scores.kind === 'columns' ? scores.names : [scores.name];
  const wanted = labels === undefined || scoreNames.includes(labels) ? scoreNames : [...scoreNames, labels];
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const pieces = new Map<string, { rowStart: number; values: ArrayLike<unknown> }[]>(
      wanted.map((name) => [name, []]),
    );
    try {
      await parquetRead({
        file: buffer,
        metadata,
        compressors,
        columns: wanted,
        rowStart: groupStart,
        rowEnd: groupStart + rows,
        onChunk: ({ columnName, columnData, rowStart }) => {
          pieces.get(columnName)?.push({ rowStart: rowStart - groupStart, values: columnData });
        },
      });
    } catch (cause) {
      throw fileError(file, cause);
    }
    const column = (name: string): ArrayLike<unknown> => joinPieces(pieces.get(name) ?? [], rows);
    yield {
      firstRow: groupStart,
      rows,
      scores:
        scores.kind === 'columns'
          ? { kind: 'columns', names: scores.names, columns: scores.names.map(column) }
          : { kind: 'list', name: scores.name, lists: column(scores.name) },
      ...(labels === undefined ? {} : { labels: { name: labels, values: column(labels) } }),
    };
    groupStart += rows;
  }
}
