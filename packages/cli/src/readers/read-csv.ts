import { createReadStream } from 'node:fs';

import { parse, CsvError } from 'csv-parse';

import { InputFileError } from '../errors/input-file-error';
import { resolveLabelColumn, resolveScoreColumns } from './column-spec';
import { CellProblem, type RawChunk, type SourceRequest } from './raw-chunk';
import { columnsFromFirstRecord, RowBatcher } from './row-batcher';

/** A CSV cell; a cell written as a JSON array (`"[0.1, 2.3]"`) is read as a list. */
function cellValue(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  if (text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Reads a CSV file (`.tsv`: tab-separated) with csv-parse's streaming parser: a header row, then one prediction per
 * row. A list-valued score column holds JSON arrays (`"[1.5, -0.2, 0.3]"`). A row with more or fewer fields than the
 * header is an invalid row (a truncated last line is one); an unclosed quote is an error of the file.
 */
export async function* readCsv(file: string, request: SourceRequest): AsyncGenerator<RawChunk> {
  const source = createReadStream(file);
  const parser = source.pipe(
    parse({
      delimiter: file.toLowerCase().endsWith('.tsv') ? '\t' : ',',
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }),
  );
  // `pipe` does not forward the source's errors: without this a missing or unreadable file never settles the loop.
  source.on('error', (cause) => parser.destroy(cause));
  let header: string[] | undefined;
  let batcher: RowBatcher<string[]> | undefined;
  let expectedFields = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === undefined) {
        header = record.map((name) => name.trim());
        expectedFields = header.length;
        continue;
      }
      if (batcher === undefined) {
        const indexOf = new Map(header.map((name, index) => [name, index]));
        const columns = columnsFromFirstRecord(header, (name) => cellValue(record[indexOf.get(name) as number]));
        const scores = resolveScoreColumns(request.scores, columns, file, request.scoresFlag);
        const labels = request.labels === undefined ? undefined : resolveLabelColumn(request.labels, columns, file);
        batcher = new RowBatcher<string[]>(scores, labels, request.chunkRows, (fields, name) =>
          fields.length === expectedFields
            ? cellValue(fields[indexOf.get(name) as number])
            : raggedRow(fields.length, expectedFields),
        );
      }
      const chunk = batcher.add(record);
      if (chunk !== undefined) yield chunk;
    }
  } catch (cause) {
    if (cause instanceof Error && 'syscall' in cause) {
      throw new InputFileError({ file, functionName: 'readCsv', problem: `cannot be read (${cause.message})`, cause });
    }
    if (!(cause instanceof CsvError)) throw cause;
    throw new InputFileError({
      file,
      functionName: 'readCsv',
      problem: `cannot be parsed as CSV (${cause.message})`,
      cause,
    });
  }
  if (header === undefined) {
    throw new InputFileError({ file, functionName: 'readCsv', problem: 'is empty: expected a header row' });
  }
  const last = batcher?.flush();
  if (last !== undefined) yield last;
}

/** What a row with the wrong number of fields reads as. */
function raggedRow(fields: number, expected: number): CellProblem {
  return new CellProblem(`${fields} fields where the header has ${expected} (a truncated or ragged row)`);
}
