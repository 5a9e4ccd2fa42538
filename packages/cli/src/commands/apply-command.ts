import { InvalidArgumentError } from '@softlabels/core';
import type { Command } from 'commander';

import { applyCalibratorFile } from '../calibrate/apply-calibrator-file';
import type { CommandIo } from '../command-io';
import { startProgress } from '../progress/progress';

interface ApplyFlags {
  logits?: string;
  probabilities?: string;
  labels?: string;
  out?: string;
  quiet?: boolean;
}

/**
 * Registers `softlabels apply CALIBRATOR FILE (--logits COLS | --probabilities COLS) [--labels COL] [--out FILE]`:
 * streams the file through the calibrator and writes the calibrated probabilities (CSV, JSON Lines or `.npy`, by the
 * extension of `--out`).
 */
export function registerApplyCommand(program: Command, io: CommandIo): void {
  program
    .command('apply')
    .description('apply a fitted calibrator (calibrator.json) to a prediction file, streamed')
    .argument('<calibrator>', 'the calibrator JSON of `calibrate --fit` or `fit-temperature`')
    .argument('<file>', 'prediction file (.parquet, .arrow, .csv, .jsonl, .npy)')
    .option('--logits <cols>', "logit columns: 'a,b,c', a glob 'logit_*' or one list column")
    .option('--probabilities <cols>', 'probability columns, as --logits')
    .option('--labels <col>', 'a label column to copy into the output (for .npy: the labels .npy file)')
    .option(
      '--out <file>',
      'output file: .csv, .jsonl/.ndjson or .npy (columns p_0 … p_K-1, then label); ' +
        'default FILE with .calibrated before the extension (CSV for Parquet and Arrow input)',
    )
    .option('--quiet', 'no progress and no note of the file written on stderr')
    .action(async (calibrator: string, file: string, flags: ApplyFlags) => {
      if ((flags.logits === undefined) === (flags.probabilities === undefined)) {
        throw new InvalidArgumentError({
          functionName: 'softlabels apply',
          parameter: '--logits/--probabilities',
          value: flags,
          expected: 'give exactly one of --logits and --probabilities',
        });
      }
      const quiet = flags.quiet === true;
      const progress = await startProgress(io.stderr, { command: 'apply', files: [file], quiet });
      const { rows, written } = await applyCalibratorFile(calibrator, file, {
        scores: flags.logits ?? (flags.probabilities as string),
        kind: flags.logits === undefined ? 'probabilities' : 'logits',
        ...(flags.labels === undefined ? {} : { labels: flags.labels }),
        ...(flags.out === undefined ? {} : { out: flags.out }),
        onChunk: (rowsWritten) => progress.rows(rowsWritten),
      }).finally(() => progress.stop());
      if (!quiet) io.stderr.write(`wrote ${written.join(', ')} (${rows} rows)\n`);
    });
}
