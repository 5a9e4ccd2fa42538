// `pnpm bench`: the fused kernels of @softlabels/core against tfjs's own ops (same backend) and PyTorch CPU (2 threads)
// side by side. Warm-up, medians of repeats, results awaited inside the timed region; a table with ratios ours/peer
// and the targets, and the full results in results/<date>.json. `--quick` is the CI smoke (tiny sizes).
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '@softlabels/core';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';

import { formatTable, targetVerdicts, writeJsonAtomic } from './report';
import { FULL_SIZES, QUICK_SIZES, runSuite } from './suite';

const options = new Command()
  .name('pnpm bench')
  .addOption(new Option('--backend <name>', 'tfjs backend for ours and the tfjs peer').choices(['wasm', 'cpu']).default('wasm'))
  .addOption(new Option('--quick', 'tiny sizes, 1 warm-up and 2 repeats (CI smoke, < 60 s)').default(false))
  .addOption(new Option('--repeats <n>', 'timed repeats per contestant').argParser((value) => Number.parseInt(value, 10)))
  .addOption(new Option('--no-torch', 'skip the PyTorch peer'))
  .addOption(new Option('--out <file>', 'results file (default results/<date>.json; --quick: none unless given)'))
  .parse()
  .opts<{ backend: 'wasm' | 'cpu'; quick: boolean; repeats?: number; torch: boolean; out?: string }>();

const backend = await initBackend({ backend: options.backend });
const repeats = options.quick ? { warmup: 1, repeats: options.repeats ?? 2 } : { warmup: 2, repeats: options.repeats ?? 7 };
const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
const steps = sizes.lsce.length + sizes.ece.length + 4;

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

console.log(`\nsoftlabels bench on ${backend.name} (SIMD ${backend.simd}, ${backend.threads} thread), tfjs ${tf.version_core}, ` +
  `${run.torch}; medians of ${repeats.repeats} runs after ${repeats.warmup} warm-up\n`);
console.log(formatTable(run.scenarios));
for (const scenario of run.scenarios) {
  for (const entry of scenario.entries) {
    if (entry.details !== undefined && Object.keys(entry.details).length > 0) {
      const figures = Object.entries(entry.details).map(([key, value]) => `${key} ${Number(value).toPrecision(6)}`);
      console.log(`  ${scenario.title} ${scenario.size} — ${entry.name}: ${figures.join(', ')}`);
    }
  }
}

const date = new Date().toISOString().slice(0, 10);
const out = options.out ?? (options.quick ? undefined : fileURLToPath(new URL(`../results/${date}.json`, import.meta.url)));
if (out !== undefined) {
  writeJsonAtomic(out, {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    backend,
    tfjs: tf.version_core,
    torch: run.torch,
    repeats,
    scenarios: run.scenarios.map((scenario) => ({ ...scenario, verdicts: targetVerdicts(scenario) })),
  });
  console.log(`\nresults written to ${out}`);
}
