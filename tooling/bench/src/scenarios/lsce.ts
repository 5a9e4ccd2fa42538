import * as tf from '@tensorflow/tfjs-core';
import { RandomSource } from '@softlabels/core';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';

import { fusedLsceIndex, fusedLsceValueAndGrad } from '../fused-loss';
import { measure } from '../measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from '../scenario';

const EPSILON = 0.1;

/** Label-smoothed CE forward + backward on `[rows, classes]` logits: ours (fused kernel) against tfjs's built-in. */
export async function lsceScenario(
  rows: number,
  classes: number,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const random = new RandomSource(rows * 31 + classes);
  const logits = tf.tensor2d(Float32Array.from({ length: rows * classes }, () => 3 * random.normal()), [rows, classes]);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const entries: Entry[] = [];

  context.step('ours');
  const ours = await measure(async () => {
    const { value, grad } = fusedLsceValueAndGrad(logits, labels, EPSILON);
    await grad.data();
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  // The same with the gradient left in the backend's memory (as PyTorch's is): only the loss value is read back.
  const oursResident = await measure(async () => {
    const { value, grad } = fusedLsceValueAndGrad(logits, labels, EPSILON);
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  entries.push({
    name: 'ours',
    label: 'fused WASM SIMD kernel, tensor → kernel → tensor',
    measurement: ours,
    details: { gradientNotReadBackMs: oursResident.medianMs },
  });

  context.step('ours (smoothing API)');
  const labelsTensor = tf.tensor1d(labels, 'int32');
  const api = tf.valueAndGrad((z: tf.Tensor) => labelSmoothingCrossEntropy(z, labelsTensor, { epsilon: EPSILON }) as tf.Scalar);
  const oursApi = await measure(async () => {
    const { value, grad } = api(logits);
    await grad.data();
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  labelsTensor.dispose();
  entries.push({
    name: 'ours-api',
    label: "@softlabels/smoothing's labelSmoothingCrossEntropy under tf.valueAndGrad",
    measurement: oursApi,
  });

  context.step('ours (tape)');
  const taped = tf.valueAndGrad((z: tf.Tensor) => fusedLsceIndex(z, labels, EPSILON));
  const oursTape = await measure(async () => {
    const { value, grad } = taped(logits);
    await grad.data();
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  entries.push({ name: 'ours-tape', label: 'same kernel through tf.customGrad + tf.valueAndGrad', measurement: oursTape });

  context.step('tfjs');
  const builtin = tf.valueAndGrad(
    (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, z, undefined, EPSILON) as tf.Scalar,
  );
  const tfjs = await measure(async () => {
    const { value, grad } = builtin(logits);
    await grad.data();
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  const tfjsResident = await measure(async () => {
    const { value, grad } = builtin(logits);
    await value.data();
    tf.dispose([value, grad]);
  }, context.repeats);
  entries.push({
    name: 'tfjs',
    label: `tf.losses.softmaxCrossEntropy(…, ${EPSILON}) + tf.valueAndGrad on ${tf.getBackend()}`,
    measurement: tfjs,
    details: { gradientNotReadBackMs: tfjsResident.medianMs },
  });
  tf.dispose([logits, oneHot]);
  return { id: `lsce-${rows}x${classes}`, title: 'LS-CE fwd+bwd', size: `${rows}×${classes}`, entries, targets };
}
