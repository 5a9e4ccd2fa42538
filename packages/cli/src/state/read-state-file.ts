import { readFile } from 'node:fs/promises';

import { CalibrationAccumulator } from '@softlabels/calibration';
import { SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';

/**
 * Reads a state file written by `softlabels state` (or `softlabels merge`, or `softlabels state --from-sql`): the JSON
 * of `CalibrationAccumulator.toJSON()`, checked field by field by `CalibrationAccumulator.fromJSON`. Unreadable files,
 * bad JSON and bad fields are an {@link InputFileError} naming the file.
 *
 * @example
 * ```ts
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { CalibrationAccumulator } from '@softlabels/calibration';
 * import { readStateFile } from '@softlabels/cli';
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'softlabels-')), 'state.json');
 * writeFileSync(file, JSON.stringify(new CalibrationAccumulator({ bins: 15 }).update({ logits: [[2, 0]] }, [0]).toJSON()));
 * const accumulator = await readStateFile(file);
 * console.log(accumulator.count); // 1
 * ```
 */
export async function readStateFile(file: string): Promise<CalibrationAccumulator> {
  const functionName = 'readStateFile';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new InputFileError({ file, problem: `cannot be read (${(cause as Error).message})`, functionName, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InputFileError({ file, problem: `is not JSON (${(cause as Error).message})`, functionName, cause });
  }
  try {
    return CalibrationAccumulator.fromJSON(json);
  } catch (cause) {
    if (!SoftlabelsError.isInstance(cause)) throw cause;
    throw new InputFileError({ file, problem: `is not a calibration state: ${cause.message}`, functionName, cause });
  }
}
