import { InvalidArgumentError } from '@softlabels/core';
import type { Command } from 'commander';

import { calibrateFiles } from '../calibrate/calibrate-files';
import type { CommandIo } from '../command-io';

interface CalibrateFlags {
  logits?: string;
  probabilities?: string;
  labels: string;
  bins: string;
  out: string;
  skipInvalid?: boolean;
}

/**
 * Registers `softlabels calibrate FILE… (--logits COLS | --probabilities COLS) --labels COL [--bins 15] [--out DIR]`:
 * streams the files through `CalibrationAccumulator` and writes `metrics.json`.
 */
export function registerCalibrateCommand(program: Command, io: CommandIo): void {
  program
    .command('calibrate')
    .description('calibration metrics of prediction files, streamed (metrics.json)')
    .argument('<file...>', 'prediction files (.parquet, .arrow, .csv, .jsonl, .npy)')
    .option('--logits <cols>', "logit columns: 'a,b,c', a glob 'logit_*' or one list column")
    .option('--probabilities <cols>', 'probability columns, as --logits')
    .requiredOption(
      '--labels <col>',
      'label column (for .npy: the labels .npy file; {stem} is the scores file without .npy)',
    )
    .option('--bins <n>', 'equal-width bins', '15')
    .option('--skip-invalid', 'skip and count invalid rows instead of failing')
    .option('--out <dir>', 'output folder', '.')
    .action(async (files: string[], flags: CalibrateFlags) => {
      if ((flags.logits === undefined) === (flags.probabilities === undefined)) {
        throw new InvalidArgumentError({
          functionName: 'softlabels calibrate',
          parameter: '--logits/--probabilities',
          value: flags,
          expected: 'give exactly one of --logits and --probabilities',
        });
      }
      const { metrics, written } = await calibrateFiles(files, flags.out, {
        scores: flags.logits ?? (flags.probabilities as string),
        kind: flags.logits === undefined ? 'probabilities' : 'logits',
        labels: flags.labels,
        bins: Number(flags.bins),
        skipInvalid: flags.skipInvalid === true,
      });
      io.stdout.write(
        `count ${metrics.count}  accuracy ${metrics.accuracy.toFixed(4)}  ece ${metrics.ece.toFixed(4)}  ` +
          `mce ${metrics.mce.toFixed(4)}  brier ${metrics.brier.toFixed(4)}  nll ${metrics.nll?.toFixed(4) ?? '∞'}` +
          `${metrics.skipped > 0 ? `  (${metrics.skipped} invalid rows skipped)` : ''}\n`,
      );
      io.stderr.write(`wrote ${written.join(', ')}\n`);
    });
}
