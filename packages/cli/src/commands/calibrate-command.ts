import { checkChoice, checkNumber, InvalidArgumentError, RandomSource } from '@softlabels/core';
import type { Command } from 'commander';

import { calibrateFiles } from '../calibrate/calibrate-files';
import { FIT_METHODS } from '../calibrate/fit-methods';
import type { CommandIo } from '../command-io';
import { startProgress } from '../progress/progress';

interface CalibrateFlags {
  logits?: string;
  probabilities?: string;
  labels: string;
  bins: string;
  out: string;
  skipInvalid?: boolean;
  /** `true` for a bare `--fit`. */
  fit?: string | true;
  /** `true` for a bare `--bootstrap`. */
  bootstrap?: string | true;
  seed: string;
  quiet?: boolean;
}

/**
 * Registers `softlabels calibrate FILE… (--logits COLS | --probabilities COLS) --labels COL [--bins 15]
 * [--fit [METHOD]] [--out DIR]`: streams the files through `CalibrationAccumulator` and writes `metrics.json` and
 * `report.html`; `--fit` (temperature scaling when no method is named) also gathers the rows in memory, fits a
 * calibrator and writes `calibrator.json`.
 */
export function registerCalibrateCommand(program: Command, io: CommandIo): void {
  program
    .command('calibrate')
    .description(
      'calibration metrics and report of prediction files, streamed (metrics.json, report.html; calibrator.json with --fit)',
    )
    .argument('<file...>', 'prediction files (.parquet, .arrow, .csv, .jsonl, .npy)')
    .option('--logits <cols>', "logit columns: 'a,b,c', a glob 'logit_*' or one list column")
    .option('--probabilities <cols>', 'probability columns, as --logits')
    .requiredOption(
      '--labels <col>',
      'label column (for .npy: the labels .npy file; {stem} is the scores file without .npy)',
    )
    .option('--bins <n>', 'equal-width bins', '15')
    .option('--skip-invalid', 'skip and count invalid rows instead of failing')
    .option(
      '--fit [method]',
      `also fit a calibrator on the rows (kept in memory) and write calibrator.json: ${FIT_METHODS.join(', ')} ` +
        '(a bare --fit: temperature)',
    )
    .option(
      '--bootstrap [resamples]',
      'also write bootstrap intervals (95 %) of ece, mce, brier and nll into metrics.json; the rows are kept in memory ' +
        '(a bare --bootstrap: 1000 resamples)',
    )
    .option('--seed <n>', 'seed of the bootstrap resamples', '0')
    .option('--out <dir>', 'output folder', '.')
    .option('--quiet', 'no progress and no list of files written on stderr')
    .action(async (files: string[], flags: CalibrateFlags) => {
      if ((flags.logits === undefined) === (flags.probabilities === undefined)) {
        throw new InvalidArgumentError({
          functionName: 'softlabels calibrate',
          parameter: '--logits/--probabilities',
          value: flags,
          expected: 'give exactly one of --logits and --probabilities',
        });
      }
      const fit =
        flags.fit === undefined
          ? undefined
          : checkChoice(flags.fit === true ? 'temperature' : flags.fit, FIT_METHODS, '--fit', 'softlabels calibrate');
      const bootstrap =
        flags.bootstrap === undefined
          ? undefined
          : {
              resamples: checkNumber(
                flags.bootstrap === true ? 1000 : Number(flags.bootstrap),
                '--bootstrap',
                'softlabels calibrate',
                { min: 1, max: 1e6, integer: true },
              ),
              seed: checkNumber(Number(flags.seed), '--seed', 'softlabels calibrate', {
                min: RandomSource.MIN_SEED,
                max: RandomSource.MAX_SEED,
                integer: true,
              }),
            };
      const quiet = flags.quiet === true;
      const progress = await startProgress(io.stderr, { command: 'calibrate', files, quiet });
      const { metrics, calibrator, written } = await calibrateFiles(files, flags.out, {
        scores: flags.logits ?? (flags.probabilities as string),
        kind: flags.logits === undefined ? 'probabilities' : 'logits',
        labels: flags.labels,
        bins: Number(flags.bins),
        skipInvalid: flags.skipInvalid === true,
        ...(fit === undefined ? {} : { fit }),
        ...(bootstrap === undefined ? {} : { bootstrap }),
        onFile: (index) => progress.file(index),
        onChunk: (rowsRead) => progress.rows(rowsRead),
      }).finally(() => progress.stop());
      io.stdout.write(
        `count ${metrics.count}  accuracy ${metrics.accuracy.toFixed(4)}  ece ${metrics.ece.toFixed(4)}  ` +
          `mce ${metrics.mce.toFixed(4)}  brier ${metrics.brier.toFixed(4)}  nll ${metrics.nll?.toFixed(4) ?? '∞'}` +
          `${metrics.skipped > 0 ? `  (${metrics.skipped} invalid rows skipped)` : ''}\n`,
      );
      if (metrics.intervals !== undefined) {
        const { ece, mce, brier, nll } = metrics.intervals;
        const span = (interval: { low: number; high: number }): string =>
          `[${interval.low.toFixed(4)}, ${interval.high.toFixed(4)}]`;
        io.stdout.write(
          `95 % intervals (${ece.resamples} resamples, seed ${ece.seed}): ece ${span(ece)}  mce ${span(mce)}  ` +
            `brier ${span(brier)}  nll ${span(nll)}\n`,
        );
      }
      if (calibrator !== undefined) {
        const { nllBefore, nllAfter, converged } = calibrator.diagnostics;
        io.stdout.write(
          `fitted ${calibrator.method}: nll ${nllBefore.toFixed(4)} -> ${nllAfter.toFixed(4)} on the same rows` +
            `${converged ? '' : ' (not converged)'}\n`,
        );
      }
      if (!quiet) io.stderr.write(`wrote ${written.join(', ')}\n`);
    });
}
