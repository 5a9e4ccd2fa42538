// `pnpm bench` until the full suite lands: one honest micro-benchmark of tfjs's built-in label-smoothed
// softmax cross-entropy forward + backward at 4096×1000 on the chosen backend (median of repeats, data awaited).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, RandomSource } from '@softlabels/core';
import { Command, Option } from 'commander';

const options = new Command()
  .name('pnpm bench')
  .addOption(new Option('--backend <name>', 'compute backend').choices(['wasm', 'cpu']).default('wasm'))
  .addOption(new Option('--repeats <n>', 'timed repeats').argParser((value) => Number.parseInt(value, 10)).default(10))
  .parse()
  .opts<{ backend: 'wasm' | 'cpu'; repeats: number }>();

const info = await initBackend({ backend: options.backend });
const rows = 4096;
const classes = 1000;
const random = new RandomSource(0);
const logits = tf.tensor2d(Float32Array.from({ length: rows * classes }, () => random.normal()), [rows, classes]);
const labels = tf.oneHot(tf.tensor1d(Int32Array.from({ length: rows }, () => random.int(classes)), 'int32'), classes);
const lossAndGradient = tf.valueAndGrad((z: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, z, undefined, 0.1) as tf.Scalar);

async function once(): Promise<number> {
  const start = performance.now();
  const { value, grad } = lossAndGradient(logits);
  await grad.data();
  await value.data();
  tf.dispose([value, grad]);
  return performance.now() - start;
}

await once();
await once();
const times: number[] = [];
for (let repeat = 0; repeat < options.repeats; repeat += 1) {
  times.push(await once());
  console.log(`repeat ${repeat + 1}/${options.repeats}: ${times.at(-1)?.toFixed(1)} ms`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
console.log(`tfjs softmaxCrossEntropy(labelSmoothing 0.1) fwd+bwd ${rows}x${classes} on ${info.name}: median ${median.toFixed(1)} ms`);
tf.dispose([logits, labels]);
