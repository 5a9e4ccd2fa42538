import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

import type { CalibrationAccumulatorJson } from '@softlabels/calibration';

import { InputFileError } from '../errors/input-file-error';
import { stateFromSql } from './state-from-sql';

/**
 * `softlabels state --from-sql FILE`: the accumulator JSON state from a query result exported to `file` (see
 * {@link stateFromSql}). `.csv` is read as CSV, `.json`, `.jsonl` and `.ndjson` as JSON (an array or JSON Lines);
 * another extension by its first character (`[` or `{`: JSON). An unreadable file is an {@link InputFileError}.
 */
export async function readStateFromSqlFile(file: string): Promise<CalibrationAccumulatorJson> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputFileError({
      file,
      problem: `cannot be read (${(cause as Error).message})`,
      functionName: 'readStateFromSqlFile',
      cause,
    });
  }
  const extension = extname(file).toLowerCase();
  const json = ['.json', '.jsonl', '.ndjson'].includes(extension) || (extension !== '.csv' && /^\s*[[{]/.test(text));
  return stateFromSql(text, json ? 'json' : 'csv', file);
}
