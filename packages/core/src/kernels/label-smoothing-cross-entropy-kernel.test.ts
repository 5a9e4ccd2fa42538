import * as tf from '@tensorflow/tfjs-core';
import { expectClose, expectIdentical, expectNoLeak } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { SoftlabelsError } from '../errors/softlabels-error';
import { RandomSource } from '../random/random-source';
import {
  LabelSmoothingCrossEntropyKernel,
  type LabelSmoothingCrossEntropyAttrs,
} from './label-smoothing-cross-entropy-kernel';
import { lsceForwardBackward } from './lsce-forward-backward';
import { viewTensorData } from './view-tensor-data';

// A fixed seed (named in the suite's title, so a failure says which inputs it drew).
const seed = 52026;
const random = new RandomSource(seed);
const rows = 7;
const classes = 5;
const logitValues = Float32Array.from({ length: rows * classes }, () => 3 * random.normal());
const labelValues = Int32Array.from({ length: rows }, () => random.int(classes));
const targetValues = Float32Array.from({ length: rows * classes }, () => random.uniform());
const classWeights = Array.from({ length: classes }, () => 0.5 + random.uniform());

/** Runs the registered kernel on tensors of `logits` (and the labels or targets): its output and filled gradient. */
function runKernel(
  logits: tf.Tensor,
  target: { labels: tf.Tensor } | { targets: tf.Tensor },
  attrs: LabelSmoothingCrossEntropyAttrs,
  gradient = tf.zeros([rows, classes]),
): { value: tf.Tensor; gradient: tf.Tensor } {
  const value = tf
    .engine()
    .runKernel(LabelSmoothingCrossEntropyKernel, { logits, ...target, gradient }, attrs as unknown as tf.NamedAttrMap);
  return { value: value as tf.Tensor, gradient };
}

describe(`LabelSmoothingCrossEntropyKernel on ${tf.getBackend()} (seed ${seed})`, () => {
  it.each(['none', 'sum', 'mean'] as const)(
    'gives what lsceForwardBackward gives, index and probability targets, reduction %s',
    async (reduction) => {
      await expectNoLeak(() => {
        const logits = tf.tensor2d(logitValues, [rows, classes]);
        const labels = tf.tensor1d(labelValues, 'int32');
        const targets = tf.tensor2d(targetValues, [rows, classes]);
        const attrs = { epsilon: 0.2, reduction, classWeights, ignoreIndex: labelValues[0] as number };
        const expectedIndex = lsceForwardBackward({
          logits: logitValues.slice(),
          rows,
          classes,
          labels: labelValues.slice(),
          ...attrs,
          classWeights: Float32Array.from(classWeights),
        });
        const index = runKernel(logits, { labels }, attrs);
        expectIdentical(index.gradient.dataSync(), expectedIndex.gradient);
        if (reduction === 'none') expectIdentical(index.value.dataSync(), expectedIndex.loss);
        else expect(index.value.dataSync()[0]).toBe(Math.fround(expectedIndex.reduced as number));
        const { ignoreIndex: _unused, ...probabilityAttrs } = attrs;
        const expectedProbability = lsceForwardBackward({
          logits: logitValues.slice(),
          rows,
          classes,
          targets: targetValues.slice(),
          ...probabilityAttrs,
          classWeights: Float32Array.from(classWeights),
        });
        const probability = runKernel(logits, { targets }, probabilityAttrs);
        expectIdentical(probability.gradient.dataSync(), expectedProbability.gradient);
        expect(probability.value.shape).toEqual(reduction === 'none' ? [rows] : []);
        tf.dispose([logits, labels, targets, index.value, index.gradient, probability.value, probability.gradient]);
      });
    },
  );

  it('scales its gradient by dy, sharing the filled gradient for the dy = 1 of a reduced loss', async () => {
    const logits = tf.tensor2d(logitValues, [rows, classes]);
    const labels = tf.tensor1d(labelValues, 'int32');
    await expectNoLeak(() => {
      const reference = lsceForwardBackward({
        logits: logitValues.slice(),
        rows,
        classes,
        labels: labelValues.slice(),
        epsilon: 0.1,
        reduction: 'mean',
      });
      const buffer = tf.zeros([rows, classes]);
      const { value, grad } = tf.valueAndGrad(
        (z: tf.Tensor) => runKernel(z, { labels }, { epsilon: 0.1, reduction: 'mean' }, buffer).value as tf.Scalar,
      )(logits);
      expectIdentical(grad.dataSync(), reference.gradient);
      // The same memory: no pass, no copy.
      const shared = viewTensorData(grad);
      const filled = viewTensorData(buffer);
      expect([shared.buffer, shared.byteOffset]).toEqual([filled.buffer, filled.byteOffset]);
      const doubled = tf.grad(
        (z: tf.Tensor) => tf.mul(runKernel(z, { labels }, { epsilon: 0.1, reduction: 'mean' }).value, 2) as tf.Scalar,
      )(logits);
      expectClose(
        doubled.dataSync(),
        Array.from(reference.gradient ?? [], (entry) => 2 * entry),
        {
          relative: 1e-6,
          absolute: 1e-7,
        },
      );
      const weights = tf.tensor1d(Array.from({ length: rows }, (_, row) => row - 2));
      const perRow = tf.grad((z: tf.Tensor) =>
        tf.sum(tf.mul(runKernel(z, { labels }, { epsilon: 0.1, reduction: 'none' }).value, weights)),
      )(logits);
      const rowGradient = lsceForwardBackward({
        logits: logitValues.slice(),
        rows,
        classes,
        labels: labelValues.slice(),
        epsilon: 0.1,
      }).gradient as Float32Array;
      expectClose(
        perRow.dataSync(),
        Array.from(rowGradient, (entry, index) => entry * (Math.floor(index / classes) - 2)),
        { relative: 1e-6, absolute: 1e-7 },
      );
      tf.dispose([buffer, value, grad, doubled, weights, perRow]);
    });
    tf.dispose([logits, labels]);
  });

  it.each(['none', 'sum', 'mean'] as const)(
    "gives probability targets −(1−ε)·w·log softmax(z) times each row's upstream factor, reduction %s",
    async (reduction) => {
      const logits = tf.tensor2d(logitValues, [rows, classes]);
      const targets = tf.tensor2d(targetValues, [rows, classes]);
      await expectNoLeak(() => {
        const epsilon = 0.3;
        const [logitsGradient, targetsGradient] = tf.grads((z: tf.Tensor, t: tf.Tensor) =>
          tf.sum(runKernel(z, { targets: t }, { epsilon, reduction, classWeights }).value),
        )([logits, targets]);
        const expected: number[] = [];
        for (let row = 0; row < rows; row += 1) {
          const z = Array.from(logitValues.subarray(row * classes, (row + 1) * classes));
          const max = Math.max(...z);
          const logSum = Math.log(z.reduce((sum, value) => sum + Math.exp(value - max), 0)) + max;
          const scale = reduction === 'mean' ? 1 / rows : 1;
          z.forEach((value, c) =>
            expected.push((1 - epsilon) * (classWeights[c] as number) * (logSum - value) * scale),
          );
        }
        expectClose((targetsGradient as tf.Tensor).dataSync(), expected, { relative: 1e-5, absolute: 1e-6 });
        tf.dispose([logitsGradient as tf.Tensor, targetsGradient as tf.Tensor]);
      });
      tf.dispose([logits, targets]);
    },
  );

  it('lets labels computed from the logits lie on the differentiated path (their gradient is 0)', async () => {
    const logits = tf.tensor2d(logitValues, [rows, classes]);
    await expectNoLeak(() => {
      const gradient = tf.grad(
        (z: tf.Tensor) =>
          runKernel(z, { labels: tf.argMax(z, 1) }, { epsilon: 0.1, reduction: 'sum' }).value as tf.Scalar,
      )(logits);
      const argMax = Int32Array.from({ length: rows }, (_, row) => {
        const z = Array.from(logitValues.subarray(row * classes, (row + 1) * classes));
        return z.indexOf(Math.max(...z));
      });
      const reference = lsceForwardBackward({
        logits: logitValues.slice(),
        rows,
        classes,
        labels: argMax,
        epsilon: 0.1,
        reduction: 'sum',
      });
      expectIdentical(gradient.dataSync(), reference.gradient);
      gradient.dispose();
    });
    logits.dispose();
  });

  it('throws a SoftlabelsError for rows it rejects and keeps no memory', async () => {
    const values = logitValues.slice();
    values[7] = Number.NaN;
    const logits = tf.tensor2d(values, [rows, classes]);
    const labels = tf.tensor1d(labelValues, 'int32');
    const gradient = tf.zeros([rows, classes]);
    const dataIds = tf.engine().backend.numDataIds();
    await expectNoLeak(() => {
      for (const reduction of ['none', 'mean'] as const) {
        let thrown: unknown;
        try {
          runKernel(logits, { labels }, { epsilon: 0.1, reduction }, gradient);
        } catch (error) {
          thrown = error;
        }
        expect(SoftlabelsError.isInstance(thrown)).toBe(true);
        expect(thrown).toBeInstanceOf(InvalidArgumentError);
      }
    });
    expect(tf.engine().backend.numDataIds()).toBe(dataIds);
    tf.dispose([logits, labels, gradient]);
  });
});
