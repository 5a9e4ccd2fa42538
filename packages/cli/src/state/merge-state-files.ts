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
 * import { mkdtempSync, writeFileSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { accumulateFiles, mergeStateFiles } from '@softlabels/cli';
 *
 * const dir = mkdtempSync(join(tmpdir(), 'softlabels-'));
 * const shards = [0, 1].map((shard) => {
 *   const csv = join(dir, `preds-${shard}.csv`);
 *   writeFileSync(csv, `logit_0,logit_1,label\n2,0,${shard}\n0,1,1\n`);
 *   return csv;
 * });
 * const states = [];
 * for (const [shard, csv] of shards.entries()) {
 *   const { accumulator } = await accumulateFiles([csv], { scores: 'logit_*', kind: 'logits', labels: 'label' });
 *   states.push(join(dir, `shard-${shard}.json`));
 *   writeFileSync(states[shard]!, JSON.stringify(accumulator.toJSON()));
 * }
 * const merged = await mergeStateFiles(states);
 * console.log(merged.count); // 4
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
