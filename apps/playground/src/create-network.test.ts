import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { createNetwork } from './create-network';
import { decodeDataset } from './dataset';
import { BATCH_SIZE, Trainee } from './training';

const asset = join(dirname(fileURLToPath(import.meta.url)), '../public/fashion-mnist-subset.bin');
const { train, pixels } = decodeDataset(gunzipSync(readFileSync(asset)));
const images = train.images.subarray(0, BATCH_SIZE * pixels);
const labels = train.labels.subarray(0, BATCH_SIZE);

describe('createNetwork', () => {
  it('builds the MLP and the CNN with logits out', () => {
    const mlp = createNetwork('mlp', pixels, 0);
    const cnn = createNetwork('cnn', pixels, 0);
    expect(mlp.layers.map((layer) => layer.getClassName())).toEqual(['Dense', 'Dense', 'Dense']);
    expect(cnn.layers.map((layer) => layer.getClassName())).toEqual([
      'Reshape',
      'Conv2D',
      'MaxPooling2D',
      'Conv2D',
      'MaxPooling2D',
      'Flatten',
      'Dense',
      'Dense',
    ]);
    expect(cnn.outputs[0]?.shape).toEqual([null, 10]);
    expect(cnn.countParams()).toBe(8 * 9 + 8 + 16 * 8 * 9 + 16 + 7 * 7 * 16 * 64 + 64 + 64 * 10 + 10);
    mlp.dispose();
    cnn.dispose();
  });

  it('gives the same initial weights for the same seed', () => {
    const [first, second] = [createNetwork('cnn', pixels, 3), createNetwork('cnn', pixels, 3)];
    const weights = (model: typeof first) => model.getWeights().map((weight) => Array.from(weight.dataSync()));
    expect(weights(first)).toEqual(weights(second));
    first.dispose();
    second.dispose();
  });

  it.each(['mlp', 'cnn'] as const)('%s: Adam steps on one batch lower its loss, leaking nothing', async (kind) => {
    const trainee = new Trainee(kind, pixels, 0.1, 0);
    const first = trainee.step(images, labels, BATCH_SIZE);
    // The first step makes Adam's moment variables, which stay with the optimiser.
    const losses = [(await first.data())[0] as number];
    first.dispose();
    await expectNoLeak(async () => {
      for (let step = 1; step < 15; step += 1) {
        const loss = trainee.step(images, labels, BATCH_SIZE);
        losses.push((await loss.data())[0] as number);
        loss.dispose();
      }
    });
    expect(losses.at(-1)).toBeLessThan((losses[0] as number) * 0.7);
    trainee.dispose();
  });
});
