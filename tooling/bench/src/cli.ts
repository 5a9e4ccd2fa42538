// `pnpm bench`: the fused kernels of @softlabels/core against tfjs's own ops (same backend) and PyTorch CPU (2 threads)
// side by side. Warm-up, medians of repeats, results awaited inside the timed region; a table with ratios ours/peer
// and the targets, and the full results (written atomically) in results/<date>.json. `--quick` is the CI smoke (tiny sizes).
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softlabels/core';
import { setKernelThreads, startKernelThreads } from '@softlabels/core/kernels';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import writeFileAtomic from 'write-file-atomic';

import { formatTable, targetVerdicts } from './report';
import type { CalibratorMethod } from '@softlabels/calibration';

import { BENCHED_CALIBRATORS } from './scenarios/calibrators';
import { FULL_SIZES, QUICK_SIZES, runSuite, SCENARIO_KINDS, type ScenarioKind } from './suite';

const options = new Command()
  .name('pnpm bench')
  .addOption(
    new Option('--backend <name>', 'tfjs backend for ours and the tfjs peer').choices(['wasm', 'cpu']).default('wasm'),
  )
  .addOption(new Option('--quick', 'tiny sizes, 1 warm-up and 2 repeats (CI smoke, < 60 s)').default(false))
  .addOption(
    new Option('--repeats <n>', 'timed repeats per contestant').argParser((value) => Number.parseInt(value, 10)),
  )
  .addOption(new Option('--no-torch', 'skip the PyTorch peer'))
  .addOption(new Option('--out <file>', 'results file (default results/<date>.json; --quick: none unless given)'))
  .addOption(new Option('--only <kinds...>', 'run only these scenarios').choices(SCENARIO_KINDS))
  .addOption(new Option('--methods <names...>', 'fit only these calibrator methods').choices(BENCHED_CALIBRATORS))
  .addOption(
    new Option(
      '--calibrator-classes <k...>',
      'fit the calibrators only at the sizes with these class counts',
    ).argParser((value: string, previous: number[] | undefined) => [...(previous ?? []), Number.parseInt(value, 10)]),
  )
  .addOption(new Option('--example-default', 'also time the default `pnpm example` run (minutes)').default(false))
  .addOption(
    new Option('--threads <n>', "threads of the fused kernels: a number or 'auto' (setKernelThreads)")
      .argParser((value) => (value === 'auto' ? 'auto' : Number.parseInt(value, 10)))
      .default('auto'),
  )
  .parse()
  .opts<{
    backend: 'wasm' | 'cpu';
    quick: boolean;
    repeats?: number;
    torch: boolean;
    out?: string;
    only?: ScenarioKind[];
    methods?: CalibratorMethod[];
    calibratorClasses?: number[];
    threads: number | 'auto';
    exampleDefault: boolean;
  }>();

const backend = await initBackend({ backend: options.backend });
setKernelThreads(options.threads);
const kernelThreads = await startKernelThreads();
const repeats = options.quick
  ? { warmup: 1, repeats: options.repeats ?? 2 }
  : { warmup: 3, repeats: options.repeats ?? 7 };
const chosen = options.quick ? QUICK_SIZES : FULL_SIZES;
const classes = options.calibratorClasses;
const sizes = {
  ...chosen,
  calibrators: chosen.calibrators.filter(([, count]) => classes?.includes(count) ?? true),
  example: options.exampleDefault ? [...chosen.example, 'default' as const] : chosen.example,
};
const only = options.only === undefined ? undefined : new Set(options.only);
const steps =
  (only === undefined || only.has('lsce') ? sizes.lsce.length : 0) +
  (only === undefined || only.has('ece') ? sizes.ece.length : 0) +
  (only === undefined || only.has('calibration-losses') ? 3 : 0) +
  (only === undefined || only.has('calibrators')
    ? sizes.calibrators.length * (options.methods?.length ?? BENCHED_CALIBRATORS.length)
    : 0) +
  (['temperature', 'transfer', 'mlp', 'cnn', 'resnet', 'conv-kernels'] as const).filter(
    (kind) => only === undefined || only.has(kind),
  ).length +
  (only === undefined || only.has('example') ? sizes.example.length : 0) +
  (only === undefined || only.has('cli-streaming') ? sizes.cliStreaming.length : 0);

const tty = process.stdout.isTTY === true;
const bar = tty ? new SingleBar({ format: ' {bar} {value}/{total} {scenario}: {step}', hideCursor: true }) : undefined;
bar?.start(steps, 0, { scenario: '', step: '' });
let done = -1;
let current = '';
const started = performance.now();
const run = await runSuite({
  sizes,
  repeats,
  torch: options.torch,
  ...(only === undefined ? {} : { only }),
  ...(options.methods === undefined ? {} : { methods: new Set(options.methods) }),
  progress: (scenario, step) => {
    if (scenario !== current) {
      current = scenario;
      done += 1;
    }
    if (bar !== undefined) bar.update(done, { scenario, step });
    else console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${scenario}: ${step}`);
  },
});
bar?.update(steps, { scenario: 'done', step: '' });
bar?.stop();

console.log(
  `\nsoftlabels bench on ${backend.name} (SIMD ${backend.simd}, tfjs ${backend.threads} thread, fused kernels ` +
    `${kernelThreads} thread${kernelThreads === 1 ? '' : 's'}), tfjs ${tf.version_core}, ` +
    `${run.torch}; medians of ${repeats.repeats} runs after ${repeats.warmup} warm-up\n`,
);
console.log(formatTable(run.scenarios));
for (const scenario of run.scenarios) {
  for (const entry of scenario.entries) {
    if (entry.details !== undefined && Object.keys(entry.details).length > 0) {
      const figures = Object.entries(entry.details).map(([key, value]) => `${key} ${Number(value).toPrecision(6)}`);
      console.log(`  ${scenario.title} ${scenario.size} — ${entry.name}: ${figures.join(', ')}`);
    }
    if (entry.note !== undefined && !entry.note.startsWith('skipped')) {
      console.log(`  ${scenario.title} ${scenario.size} — ${entry.name}: ${entry.note}`);
    }
  }
}

const date = new Date().toISOString().slice(0, 10);
const out =
  options.out ?? (options.quick ? undefined : fileURLToPath(new URL(`../results/${date}.json`, import.meta.url)));
if (out !== undefined) {
  const record = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    backend,
    kernelThreads,
    tfjs: tf.version_core,
    torch: run.torch,
    repeats,
    scenarios: run.scenarios.map((scenario) => ({ ...scenario, verdicts: targetVerdicts(scenario) })),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic.sync(out, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nresults written to ${out}`);
}
