// Smoke run until the full reproduction lands: trains a tiny softmax model for a few steps on the chosen backend
// and prints what ran, so a fresh clone proves the toolchain end to end.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend, RandomSource } from '@softlabels/core';
import { Command, Option } from 'commander';

const program = new Command()
  .name('pnpm example')
  .description('Reproduce the findings of "When Does Label Smoothing Help?" (smoke run for now).')
  .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'wasm', 'cpu', 'cuda']).default('wasm'))
  .addOption(new Option('--steps <n>', 'training steps').argParser((value) => Number.parseInt(value, 10)).default(20))
  .showHelpAfterError();

const options = program.parse().opts<{ backend: 'auto' | 'wasm' | 'cpu' | 'cuda'; steps: number }>();
const info = await initBackend({ backend: options.backend });
console.log(`backend: ${info.name} (simd ${info.simd}, threads ${info.threads}, float${info.floatPrecision})`);

const random = new RandomSource(0);
const samples = 256;
const features = 8;
const inputs = Float32Array.from({ length: samples * features }, () => random.normal());
const labels = Int32Array.from({ length: samples }, (_, row) => ((inputs[row * features] ?? 0) > 0 ? 1 : 0));
const x = tf.tensor2d(inputs, [samples, features]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2);
const model = tfl.sequential({
  layers: [tfl.layers.dense({ inputShape: [features], units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) })],
});
model.compile({ optimizer: tf.train.adam(0.05), loss: (t: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(t, p) });
const history = await model.fit(x, y, { epochs: options.steps, batchSize: samples, verbose: 0 });
const losses = history.history.loss as number[];
console.log(`loss: ${losses[0]?.toFixed(4)} -> ${losses.at(-1)?.toFixed(4)} over ${losses.length} steps`);
tf.dispose([x, y]);
model.dispose();
if (!((losses.at(-1) ?? Infinity) < (losses[0] ?? 0))) {
  console.error('smoke run failed: the loss did not decrease');
  process.exit(1);
}
