import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { teacherSmoothness } from '@softlabels/distillation';
import { expectNoLeak } from '@softlabels/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeDataset, type Split } from './dataset';
import { distilStudent, measureTeacher } from './distil-student';
import { BATCH_SIZE, Trainee } from './training';

const asset = join(dirname(fileURLToPath(import.meta.url)), '../public/fashion-mnist-subset.bin');
const dataset = decodeDataset(gunzipSync(readFileSync(asset)));
const { pixels } = dataset;
const slice = (split: Split, count: number): Split => ({
  images: split.images.subarray(0, count * pixels),
  labels: split.labels.subarray(0, count),
  count,
});
const transfer = slice(dataset.train, 500);
const test = slice(dataset.test, 300);

describe('distilStudent and measureTeacher', () => {
  let teacher: Trainee;
  beforeAll(async () => {
    teacher = new Trainee('mlp', pixels, 0, 0);
    for (let epoch = 0; epoch < 3; epoch += 1) {
      for (let start = 0; start < transfer.count; start += BATCH_SIZE) {
        const loss = teacher.step(
          transfer.images.subarray(start * pixels, (start + BATCH_SIZE) * pixels),
          transfer.labels.subarray(start, start + BATCH_SIZE),
          BATCH_SIZE,
        );
        await loss.data();
        loss.dispose();
      }
    }
  });
  afterAll(() => teacher.dispose());

  it('trains a student from the teacher and one on the labels alone, both well above chance, leaking nothing', async () => {
    const fractions: number[] = [];
    let distilled = 0;
    let alone = 0;
    await expectNoLeak(async () => {
      const setting = { teacher: teacher.model, transfer, test, temperature: 4, epochs: 2 };
      distilled = await distilStudent({ ...setting, onProgress: (fraction) => fractions.push(fraction) });
      alone = await distilStudent({ ...setting, hardLabelsOnly: true });
    });
    expect(distilled).toBeGreaterThan(0.5);
    expect(alone).toBeGreaterThan(0.5);
    expect(distilled).not.toBe(alone);
    expect(fractions).toHaveLength(2 * (transfer.count / BATCH_SIZE));
    expect(fractions.at(-1)).toBe(1);
  });

  it('gives the γ teacherSmoothness gives on the transfer logits, and an Î within its bound', async () => {
    let measured = { gamma: 0, mutualInformation: 0 };
    await expectNoLeak(() => {
      measured = measureTeacher(teacher.model, transfer, 4, [0, 1]);
    });
    const logits = tf.tidy(
      () => teacher.model.predict(tf.tensor2d(transfer.images, [transfer.count, pixels])) as tf.Tensor2D,
    );
    expect(measured.gamma).toBeCloseTo(teacherSmoothness(logits, transfer.labels, { temperature: 4 }), 6);
    logits.dispose();
    expect(measureTeacher(teacher.model, transfer, 1, [0, 1]).gamma).toBeLessThan(measured.gamma);
    const examples = [0, 1].map((label) => transfer.labels.filter((value) => value === label).length);
    expect(measured.mutualInformation).toBeLessThanOrEqual(Math.log(examples[0]! + examples[1]!));
    expect(measured.mutualInformation).toBeGreaterThan(0);
  });
});
