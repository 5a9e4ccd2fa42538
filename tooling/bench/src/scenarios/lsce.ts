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
  const logits = tf.tensor2d(
    Float32Array.from({ length: rows * classes }, () => 3 * random.normal()),
    [rows, classes],
  );
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));
  const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes));
  const entries: Entry[] = [];

  /** Times one value-and-gradient function, reading the gradient back (`readBack`) or leaving it in the backend. */
  const time = (run: (z: tf.Tensor) => { value: tf.Tensor; grad: tf.Tensor }, readBack: boolean) =>
    measure(async () => {
      const { value, grad } = run(logits);
      if (readBack) await grad.data();
      await value.data();
      tf.dispose([value, grad]);
    }, context.repeats);

  context.step('ours');
  const direct = (z: tf.Tensor) => fusedLsceValueAndGrad(z, labels, EPSILON);
  entries.push({
    name: 'ours',
    label: 'fused WASM SIMD kernel, tensor → kernel → tensor',
    measurement: await time(direct, true),
    // The same with the gradient left in the backend's memory (as PyTorch's is): only the loss value is read back.
    details: { gradientNotReadBackMs: (await time(direct, false)).medianMs },
  });

  context.step('ours (smoothing API)');
  const labelsTensor = tf.tensor1d(labels, 'int32');
  const api = tf.valueAndGrad(
    (z: tf.Tensor) => labelSmoothingCrossEntropy(z, labelsTensor, { epsilon: EPSILON }) as tf.Scalar,
  );
  entries.push({
    name: 'ours-api',
    label: "@softlabels/smoothing's labelSmoothingCrossEntropy under tf.valueAndGrad",
    measurement: await time(api, true),
  });
  labelsTensor.dispose();

  context.step('ours (tape)');
  const taped = tf.valueAndGrad((z: tf.Tensor) => fusedLsceIndex(z, labels, EPSILON));
  entries.push({
    name: 'ours-tape',
    label: 'same kernel through tf.customGrad + tf.valueAndGrad',
    measurement: await time(taped, true),
  });

  context.step('tfjs');
  const builtin = tf.valueAndGrad(
    (z: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, z, undefined, EPSILON) as tf.Scalar,
  );
  entries.push({
    name: 'tfjs',
    label: `tf.losses.softmaxCrossEntropy(…, ${EPSILON}) + tf.valueAndGrad on ${tf.getBackend()}`,
    measurement: await time(builtin, true),
    details: { gradientNotReadBackMs: (await time(builtin, false)).medianMs },
  });
  tf.dispose([logits, oneHot]);
  return { id: `lsce-${rows}x${classes}`, title: 'LS-CE fwd+bwd', size: `${rows}×${classes}`, entries, targets };
}
