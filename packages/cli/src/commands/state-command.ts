import { InvalidArgumentError } from '@softlabels/core';
import type { Command } from 'commander';

import { accumulateFiles } from '../calibrate/accumulate-files';
import type { CommandIo } from '../command-io';
import { withOutputFiles } from '../output/output-files';
import { startProgress } from '../progress/progress';
import { readStateFromSqlFile } from '../sql/state-from-sql-file';

interface StateFlags {
  logits?: string;
  probabilities?: string;
  labels?: string;
  bins: string;
  out: string;
  skipInvalid?: boolean;
  fromSql?: string;
  quiet?: boolean;
}

/**
 * Registers `softlabels state FILE… (--logits COLS | --probabilities COLS) --labels COL --out state.json`: the
 * calibration state (`CalibrationAccumulator.toJSON()`) of the files, streamed; `--from-sql RESULT` builds it from an
 * engine's result of `softlabels sql` instead.
 */
export function registerStateCommand(program: Command, io: CommandIo): void {
  program
    .command('state')
    .description('write the mergeable calibration state of prediction files (or of a SQL result)')
    .argument('[file...]', 'prediction files (.parquet, .arrow, .csv, .jsonl, .npy)')
    .option('--logits <cols>', "logit columns: 'a,b,c', a glob 'logit_*' or one list column")
    .option('--probabilities <cols>', 'probability columns, as --logits')
    .option('--labels <col>', 'label column (for .npy: the labels .npy file; {stem} is the scores file without .npy)')
    .option('--bins <n>', 'equal-width bins', '15')
    .option('--skip-invalid', 'skip and count invalid rows instead of failing')
    .option('--from-sql <result>', 'build the state from the CSV/JSON result of the `softlabels sql` query')
    .requiredOption('--out <file>', 'the state JSON file to write')
    .option('--quiet', 'no progress and no note of the file written on stderr')
    .action(async (files: string[], flags: StateFlags) => {
      const functionName = 'softlabels state';
      let json: unknown;
      let skipped = 0;
      if (flags.fromSql !== undefined) {
        json = await readStateFromSqlFile(flags.fromSql);
      } else {
        if ((flags.logits === undefined) === (flags.probabilities === undefined) || flags.labels === undefined) {
          throw new InvalidArgumentError({
            functionName,
            parameter: '--logits/--probabilities/--labels',
            value: flags,
            expected: 'give exactly one of --logits and --probabilities, and --labels',
          });
        }
        if (files.length === 0) {
          throw new InvalidArgumentError({ functionName, parameter: 'file', value: files, expected: 'name a file' });
        }
        const progress = await startProgress(io.stderr, { command: 'state', files, quiet: flags.quiet === true });
        const result = await accumulateFiles(files, {
          scores: flags.logits ?? (flags.probabilities as string),
          kind: flags.logits === undefined ? 'probabilities' : 'logits',
          labels: flags.labels,
          bins: Number(flags.bins),
          skipInvalid: flags.skipInvalid === true,
          onFile: (index) => progress.file(index),
          onChunk: (rowsRead) => progress.rows(rowsRead),
        }).finally(() => progress.stop());
        json = result.accumulator.toJSON();
        skipped = result.skipped;
      }
      await withOutputFiles((output) => output.write(flags.out, `${JSON.stringify(json)}\n`));
      if (flags.quiet !== true)
        io.stderr.write(`wrote ${flags.out}${skipped > 0 ? ` (${skipped} invalid rows skipped)` : ''}\n`);
    });
}
