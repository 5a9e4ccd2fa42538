import { parse } from 'csv-parse/sync';

import { InputFileError } from '../errors/input-file-error';

/** How a SQL engine exported a result: CSV with a header, or JSON (an array of objects, or JSON Lines). */
export type ResultFormat = 'csv' | 'json';

/** One result row: column name (lower case) → its value as exported (a string, number or null). */
export type ResultRecord = Record<string, unknown>;

const NAME = 'readResultRecords';

/**
 * The rows of an exported query result. CSV (DuckDB `COPY … TO`, Spark `write.csv`, `psql \copy … csv header`,
 * BigQuery CSV export) is read by csv-parse with its header line; JSON is an array of objects or JSON Lines (DuckDB
 * and Spark `write.json`, BigQuery `NEWLINE_DELIMITED_JSON`). Column names are lower-cased. Text that is not one of
 * them is an {@link InputFileError} naming `source` and, where known, the 0-based row.
 */
export function readResultRecords(text: string, format: ResultFormat, source: string): ResultRecord[] {
  return (format === 'csv' ? readCsv(text, source) : readJson(text, source)).map(lowerCaseKeys);
}

function readCsv(text: string, source: string): ResultRecord[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, bom: true }) as ResultRecord[];
  } catch (cause) {
    const line = (cause as { lines?: unknown }).lines;
    throw new InputFileError({
      file: source,
      // csv-parse counts lines from 1, the header included.
      ...(typeof line === 'number' && line >= 2 ? { row: line - 2 } : {}),
      problem: `is not a CSV result with a header line (${(cause as Error).message})`,
      functionName: NAME,
      cause,
    });
  }
}

function readJson(text: string, source: string): ResultRecord[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (cause) {
      throw new InputFileError({
        file: source,
        problem: `is not JSON (${(cause as Error).message})`,
        functionName: NAME,
        cause,
      });
    }
    return (parsed as unknown[]).map((record, row) => checkRecord(record, row, source));
  }
  return trimmed
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, row) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (cause) {
        throw new InputFileError({
          file: source,
          row,
          problem: `is not JSON Lines (${(cause as Error).message})`,
          functionName: NAME,
          cause,
        });
      }
      return checkRecord(parsed, row, source);
    });
}

function checkRecord(record: unknown, row: number, source: string): ResultRecord {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InputFileError({ file: source, row, problem: 'is not an object of column values', functionName: NAME });
  }
  return record as ResultRecord;
}

function lowerCaseKeys(record: ResultRecord): ResultRecord {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}
