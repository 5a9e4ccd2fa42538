// Measures in Node what the README sets beside the page's numbers: training steps per second of the page's two
// networks (α = 0 and α = 0.1, one batch of 50 each per step) on the same wasm backend and data, training steps
// only, for the MLP and the CNN. `pnpm --filter @softlabels/playground measure-node [steps]`.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { initBackend } from '@softlabels/core';
import '@tensorflow/tfjs-layers';

import type { NetworkKind } from '../src/create-network';
import { decodeDataset } from '../src/dataset';
import { BATCH_SIZE, splitHeldOut, Trainee } from '../src/training';

const steps = Number(process.argv[2] ?? 100);
const here = dirname(fileURLToPath(import.meta.url));
const dataset = decodeDataset(gunzipSync(readFileSync(join(resolve(here, '..'), 'public/fashion-mnist-subset.bin'))));
const { fit } = splitHeldOut(dataset.train);
const { pixels } = dataset;
await initBackend({ backend: 'wasm' });

for (const kind of ['mlp', 'cnn'] as NetworkKind[]) {
  const trainees = [new Trainee(kind, pixels, 0, 0), new Trainee(kind, pixels, 0.1, 0)];
  const batches = Math.floor(fit.count / BATCH_SIZE);
  const run = async (count: number): Promise<void> => {
    for (let step = 0; step < count; step += 1) {
      const start = (step % batches) * BATCH_SIZE;
      const images = fit.images.subarray(start * pixels, (start + BATCH_SIZE) * pixels);
      const labels = fit.labels.subarray(start, start + BATCH_SIZE);
      for (const trainee of trainees) {
        const loss = trainee.step(images, labels, BATCH_SIZE);
        await loss.data();
        loss.dispose();
      }
    }
  };
  await run(5);
  const started = performance.now();
  await run(steps);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${kind}: ${steps} steps in ${seconds.toFixed(2)} s, ${(steps / seconds).toFixed(1)} steps/s`);
  for (const trainee of trainees) trainee.dispose();
}
