import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeak } from '@softlabels/test-utils';
import { expect } from 'vitest';

import { SoftlabelsError } from '../errors/softlabels-error';
import type { RandomSource } from '../random/random-source';

/** Index targets (class labels) or probability rows. */
export type RowLossTarget = { labels: number[] } | { targets: number[] };

/** One call of a fused row-loss kernel: `[rows, classes]` logits, the targets and the kernel's attrs. */
export interface RowLossCase<Attrs> {
  rows: number;
  classes: number;
  logits: Float32Array;
  target: RowLossTarget;
  attrs: Attrs;
}

/** Runs the registered kernel `kernelName` on tensors of `input`: its output and the gradient it filled. */
export function runRowLossKernel<Attrs>(
  kernelName: string,
  input: RowLossCase<Attrs>,
  gradient = tf.zeros([input.rows, input.classes]),
): { value: tf.Tensor; gradient: tf.Tensor } {
  const logits = tf.tensor2d(input.logits, [input.rows, input.classes]);
  const target: tf.NamedTensorMap =
    'labels' in input.target
      ? { labels: tf.tensor1d(input.target.labels, 'int32') }
      : { targets: tf.tensor2d(input.target.targets, [input.rows, input.classes]) };
  try {
    const value = tf
      .engine()
      .runKernel(kernelName, { logits, ...target, gradient }, input.attrs as unknown as tf.NamedAttrMap);
    return { value: value as tf.Tensor, gradient };
  } finally {
    tf.dispose([logits, ...Object.values(target)]);
  }
}

/** Normal logits of standard deviation `scale`, and uniform labels or normalised float32 probability rows. */
export function randomRowLossCase<Attrs>(
  random: RandomSource,
  shape: { rows: number; classes: number; scale?: number },
  attrs: Attrs,
  kind: 'labels' | 'targets',
): RowLossCase<Attrs> {
  const { rows, classes, scale = 3 } = shape;
  const logits = Float32Array.from({ length: rows * classes }, () => scale * random.normal());
  if (kind === 'labels') {
    return {
      rows,
      classes,
      logits,
      attrs,
      target: { labels: Array.from({ length: rows }, () => random.int(classes)) },
    };
  }
  const values: number[] = [];
  for (let n = 0; n < rows; n += 1) {
    const row = Array.from({ length: classes }, () => random.uniform());
    const sum = row.reduce((a, b) => a + b, 0);
    values.push(...row.map((value) => Math.fround(value / sum)));
  }
  return { rows, classes, logits, attrs, target: { targets: values } };
}

/** Expects every case to throw a `SoftlabelsError` from the kernel, leaving no tensor and no backend data behind. */
export async function expectRejected<Attrs>(kernelName: string, cases: [string, RowLossCase<Attrs>][]): Promise<void> {
  const dataIds = tf.engine().backend.numDataIds();
  await expectNoLeak(() => {
    for (const [what, input] of cases) {
      const gradient = tf.zeros([input.rows, input.classes]);
      let thrown: unknown;
      try {
        runRowLossKernel(kernelName, input, gradient);
      } catch (error) {
        thrown = error;
      }
      expect(SoftlabelsError.isInstance(thrown), what).toBe(true);
      gradient.dispose();
    }
  });
  expect(tf.engine().backend.numDataIds()).toBe(dataIds);
}

/** Runs `compute` on one kernel thread, then on two (workers started and ready first). */
export async function onOneAndTwoThreads<T>(
  compute: () => T,
  setThreads: (threads: number) => void,
  start: () => Promise<number>,
): Promise<{ single: T; threaded: T }> {
  setThreads(1);
  const single = compute();
  setThreads(2);
  expect(await start()).toBe(2);
  return { single, threaded: compute() };
}
