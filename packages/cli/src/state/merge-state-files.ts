import type { CalibrationAccumulator } from '@softlabels/calibration';
import { InvalidArgumentError, SoftlabelsError } from '@softlabels/core';

import { InputFileError } from '../errors/input-file-error';
import { readStateFile } from './read-state-file';

/**
 * Reads state files and merges them (`CalibrationAccumulator.merge`: counts add exactly, sums in file order). All of
 * them must share bins, distribution tolerance and class count; a file that does not is an {@link InputFileError}
 * naming it.
 *
 * @example
 * ```ts
 * import { mergeStateFiles } from '@softlabels/cli';
 *
 * const merged = await mergeStateFiles(['shard-0.json', 'shard-1.json']);
 * console.log(merged.compute().expectedCalibrationError);
 * ```
 */
export async function mergeStateFiles(files: readonly string[]): Promise<CalibrationAccumulator> {
  const functionName = 'mergeStateFiles';
  const [first, ...rest] = files;
  if (first === undefined) {
    throw new InvalidArgumentError({ functionName, parameter: 'files', value: files, expected: 'name a state file' });
  }
  const merged = await readStateFile(first);
  for (const file of rest) {
    const state = await readStateFile(file);
    try {
      merged.merge(state);
    } catch (cause) {
      if (!SoftlabelsError.isInstance(cause)) throw cause;
      throw new InputFileError({
        file,
        problem: `cannot be merged with ${first}: ${cause.message}`,
        functionName,
        cause,
      });
    }
  }
  return merged;
}
