import { open, type FileHandle } from 'node:fs/promises';

import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetSchema,
  type FileMetaData,
  type RowGroup,
  type SchemaTree,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

import { InputFileError } from '../errors/input-file-error';
import { resolveLabelColumn, resolveScoreColumns, type ColumnInfo } from './column-spec';
import { columnDecoder, ParquetColumnCursor, rowCount, type ColumnRows } from './parquet-column-cursor';
import { PageBuffers } from './parquet-page-bytes';
import { fileReader, ParquetPageSource } from './parquet-page-source';
import { chunkRowsFor, type RawChunk, type RawScores, type SourceRequest } from './raw-chunk';

/**
 * hyparquet-compressors' codecs but Snappy: its Snappy (hysnappy) instantiates a new WebAssembly module, whose memory
 * grows to the page's compressed and uncompressed size, on every call; hyparquet's own Snappy decoder writes straight
 * into the page's buffer.
 */
const PAGE_COMPRESSORS = Object.fromEntries(Object.entries(compressors).filter(([codec]) => codec !== 'SNAPPY'));

function fileError(file: string, cause: unknown): InputFileError {
  if (cause instanceof InputFileError) return cause;
  return new InputFileError({
    file,
    functionName: 'readParquet',
    problem: `cannot be read as Parquet (${(cause as Error).message}); is it truncated?`,
    cause,
  });
}

/** The top-level columns of a Parquet schema, lists marked (LIST logical/converted type, or JSON text). */
function columnsOf(schema: SchemaTree): ColumnInfo[] {
  return schema.children.map((child) => ({
    name: child.element.name,
    list:
      child.element.converted_type === 'LIST' ||
      child.element.logical_type?.type === 'LIST' ||
      child.element.converted_type === 'JSON' ||
      child.element.repetition_type === 'REPEATED',
  }));
}

/** A cursor over the one leaf column chunk of top-level column `name` in `group`. */
function cursorOf(
  handle: FileHandle,
  schema: SchemaTree,
  group: RowGroup,
  name: string,
  buffers: PageBuffers,
): ParquetColumnCursor {
  const chunks = group.columns.filter((column) => column.meta_data?.path_in_schema[0] === name);
  const metadata = chunks[0]?.meta_data;
  if (chunks.length !== 1 || metadata === undefined) {
    throw new Error(`column '${name}' is a group of ${chunks.length} columns, not numbers or a list of numbers`);
  }
  const start = Number(metadata.dictionary_page_offset ?? metadata.data_page_offset);
  const source = new ParquetPageSource(handle, start, start + Number(metadata.total_compressed_size));
  const schemaPath = [schema];
  for (const part of metadata.path_in_schema) {
    const child = schemaPath[schemaPath.length - 1]?.children.find((node) => node.element.name === part);
    if (child === undefined) throw new Error(`column '${metadata.path_in_schema.join('.')}' is not in the schema`);
    schemaPath.push(child);
  }
  return new ParquetColumnCursor(source, columnDecoder(schemaPath, metadata, PAGE_COMPRESSORS), buffers);
}

/** One cell per row, from the pieces a cursor handed over (used as it is when one piece of cells covers them). */
function cellsOf(pieces: ColumnRows[], rows: number): ArrayLike<unknown> {
  const [only] = pieces;
  if (pieces.length === 1 && only?.kind === 'cells') return only.cells;
  const cells = new Array<unknown>(rows);
  let row = 0;
  for (const piece of pieces) {
    if (piece.kind === 'cells') {
      for (let index = 0; index < piece.cells.length; index += 1) cells[row++] = piece.cells[index];
    } else {
      for (let index = 0; index + 1 < piece.starts.length; index += 1) {
        cells[row++] = piece.values.subarray(piece.starts[index], piece.starts[index + 1]);
      }
    }
  }
  return cells;
}

function isNumberList(value: unknown, width: number): value is ArrayLike<number> {
  if (ArrayBuffer.isView(value)) return (value as unknown as ArrayLike<number>).length === width;
  return Array.isArray(value) && value.length === width && value.every((entry) => typeof entry === 'number');
}

/**
 * The rows of a list column as one row-major matrix when every row is a list of `width` numbers (a view of the page
 * when one piece holds them all), or `undefined`.
 */
function matrixOf(pieces: ColumnRows[], rows: number, width: number): ArrayLike<number> | undefined {
  for (const piece of pieces) {
    if (piece.kind === 'cells') {
      for (let index = 0; index < piece.cells.length; index += 1) {
        if (!isNumberList(piece.cells[index], width)) return undefined;
      }
    } else {
      for (let index = 0; index + 1 < piece.starts.length; index += 1) {
        if ((piece.starts[index + 1] as number) - (piece.starts[index] as number) !== width) return undefined;
      }
    }
  }
  const [only] = pieces;
  if (pieces.length === 1 && only?.kind === 'lists') {
    return only.values.subarray(only.starts[0], only.starts[only.starts.length - 1]);
  }
  const matrix = new Float64Array(rows * width);
  let offset = 0;
  for (const piece of pieces) {
    if (piece.kind === 'cells') {
      for (let index = 0; index < piece.cells.length; index += 1) {
        matrix.set(piece.cells[index] as ArrayLike<number>, offset);
        offset += width;
      }
    } else {
      const first = piece.starts[0] as number;
      const last = piece.starts[piece.starts.length - 1] as number;
      matrix.set(piece.values.subarray(first, last), offset);
      offset += last - first;
    }
  }
  return matrix;
}

/** The length of the first row that is a list, as the assembler fixes the class count. */
function firstListLength(cells: ArrayLike<unknown>): number | undefined {
  for (let index = 0; index < cells.length; index += 1) {
    const cell = cells[index];
    if (Array.isArray(cell) || ArrayBuffer.isView(cell)) return (cell as ArrayLike<unknown>).length;
  }
  return undefined;
}

/**
 * Reads a Parquet file in chunks of at most `chunkRows` rows and `CHUNK_VALUES` scores, cutting large row groups into
 * slices: each requested column chunk is read page by page, and a large Snappy or uncompressed page piece by piece,
 * so memory holds a bounded piece of a page per column and one chunk whatever the row group's and page's size.
 * Gzip, Zstd, Brotli and LZ4 pages (via hyparquet-compressors) are decoded whole. Score columns may be scalar columns
 * or one LIST (or JSON) column.
 */
export async function* readParquet(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
  } catch (cause) {
    throw fileError(file, cause);
  }
  const schema = parquetSchema(metadata);
  const columns = columnsOf(schema);
  const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
  const labels = request.labels === undefined ? undefined : resolveLabelColumn(request.labels, columns, file);
  const scoreNames = scores.kind === 'columns' ? scores.names : [scores.name];
  const wanted = labels === undefined || scoreNames.includes(labels) ? scoreNames : [...scoreNames, labels];
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (cause) {
    throw fileError(file, cause);
  }
  let width: number | undefined;
  const buffers = new Map(wanted.map((name) => [name, new PageBuffers(fileReader(handle))]));
  try {
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const rows = Number(group.num_rows);
      const leafValues = (name: string): number =>
        group.columns
          .filter((column) => column.meta_data?.path_in_schema[0] === name)
          .reduce((sum, column) => sum + Number(column.meta_data?.num_values ?? 0), 0);
      const perRow = scores.kind === 'columns' ? scores.names.length : Math.ceil(leafValues(scores.name) / rows);
      const slice = chunkRowsFor(request.chunkRows, perRow);
      let cursors: Map<string, ParquetColumnCursor>;
      try {
        cursors = new Map(
          wanted.map((name) => [name, cursorOf(handle, schema, group, name, buffers.get(name) as PageBuffers)]),
        );
      } catch (cause) {
        throw fileError(file, cause);
      }
      for (let done = 0; done < rows;) {
        const count = Math.min(slice, rows - done);
        const pieces = new Map<string, ColumnRows[]>();
        try {
          for (const [name, cursor] of cursors) {
            const taken = await cursor.take(count);
            const got = taken.reduce((sum, piece) => sum + rowCount(piece), 0);
            if (got < count) throw new Error(`column '${name}' ends ${count - got} rows before its row group`);
            pieces.set(name, taken);
          }
        } catch (cause) {
          throw fileError(file, cause);
        }
        const column = (name: string): ColumnRows[] => pieces.get(name) ?? [];
        let raw: RawScores;
        if (scores.kind === 'columns') {
          raw = {
            kind: 'columns',
            names: scores.names,
            columns: scores.names.map((name) => cellsOf(column(name), count)),
          };
        } else {
          const matrix = width === undefined ? undefined : matrixOf(column(scores.name), count, width);
          if (matrix === undefined) {
            const lists = cellsOf(column(scores.name), count);
            width ??= firstListLength(lists);
            raw = { kind: 'list', name: scores.name, lists };
          } else {
            raw = { kind: 'matrix', name: scores.name, values: matrix, classes: width as number, list: true };
          }
        }
        yield {
          firstRow: groupStart + done,
          rows: count,
          scores: raw,
          ...(labels === undefined ? {} : { labels: { name: labels, values: cellsOf(column(labels), count) } }),
        };
        done += count;
      }
      groupStart += rows;
    }
  } finally {
    await handle.close();
  }
}
