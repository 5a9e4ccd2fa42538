import { CalibrationAccumulator } from '@softlabels/calibration';

import { readJsonFile } from '../readers/read-json-file';

/**
 * Reads a state file written by `softlabels state` (or `softlabels merge`, or `softlabels state --from-sql`): the JSON
 * of `CalibrationAccumulator.toJSON()`, checked field by field by `CalibrationAccumulator.fromJSON`. Unreadable files,
 * bad JSON and bad fields are an `InputFileError` naming the file.
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
  return readJsonFile(file, 'a calibration state', 'readStateFile', (json) => CalibrationAccumulator.fromJSON(json));
}
