import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { syntheticImages } from '../datasets';
import { fusedLsceIndex, fusedLsceProbability } from '../fused-loss';
import { epochRepeats } from '../fit-epoch';
import { measure } from '../measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from '../scenario';

const EPSILON = 0.1;
const BATCH = 128;

function buildModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }));
  model.add(tfl.layers.dense({ units: 10 }));
  return model;
}

/**
 * One training epoch of a 784-256-10 MLP (batch 128, Adam 1e-3, label-smoothed CE ε = 0.1): tfjs-layers `model.fit`
 * with our fused loss, a hand-written loop (tf.variableGrads + optimizer) with our fused loss, and `model.fit` with
 * tfjs's built-in smoothed loss. The hand loop is also timed phase by phase to show where an epoch's time goes.
 */
export async function mlpScenario(
  samples: number,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { features, labels } = syntheticImages(samples, 7);
  const x = tf.tensor2d(features, [samples, 784]);
  const yLabels = tf.tensor1d(labels, 'int32');
  const y = tf.oneHot(yLabels, 10);
  const entries: Entry[] = [];
  const repeats = epochRepeats(context.repeats);

  context.step('ours fit');
  const fitModel = buildModel();
  fitModel.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => fusedLsceProbability(yTrue, yPred, EPSILON),
  });
  const fit = await measure(async () => {
    await fitModel.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  }, repeats);
  entries.push({ name: 'ours', label: 'tfjs-layers model.fit, fused LS loss', measurement: fit });

  context.step('ours loop');
  const loopModel = buildModel();
  const optimizer = tf.train.adam(1e-3);
  const phases = { batchMs: 0, forwardBackwardMs: 0, optimizerMs: 0 };
  const batches = Math.ceil(samples / BATCH);
  const loop = await measure(async () => {
    phases.batchMs = 0;
    phases.forwardBackwardMs = 0;
    phases.optimizerMs = 0;
    const order = tf.util.createShuffledIndices(samples);
    for (let batch = 0; batch < batches; batch += 1) {
      const t0 = performance.now();
      const indices = order.slice(batch * BATCH, Math.min(samples, (batch + 1) * BATCH));
      const batchLabels = Int32Array.from(indices, (index) => labels[index] as number);
      const xb = tf.tidy(() => tf.gather(x, tf.tensor1d(Int32Array.from(indices), 'int32')));
      const t1 = performance.now();
      const { value, grads } = tf.variableGrads(() =>
        fusedLsceIndex(loopModel.apply(xb) as tf.Tensor, batchLabels, EPSILON),
      );
      const t2 = performance.now();
      optimizer.applyGradients(grads as tf.NamedTensorMap as Parameters<typeof optimizer.applyGradients>[0]);
      const t3 = performance.now();
      tf.dispose([xb, value]);
      tf.dispose(Object.values(grads));
      phases.batchMs += t1 - t0;
      phases.forwardBackwardMs += t2 - t1;
      phases.optimizerMs += t3 - t2;
    }
    // Everything above ran synchronously on the host backend; read one weight to be sure the work is done.
    await (loopModel.getWeights()[0] as tf.Tensor).data();
  }, repeats);
  entries.push({
    name: 'ours-loop',
    label: 'hand loop: tf.variableGrads + adam.applyGradients, fused LS loss',
    measurement: loop,
    details: { ...phases },
  });

  context.step('tfjs fit');
  const builtinModel = buildModel();
  builtinModel.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred, undefined, EPSILON),
  });
  const builtin = await measure(async () => {
    await builtinModel.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
  }, repeats);
  entries.push({ name: 'tfjs', label: 'model.fit with tf.losses.softmaxCrossEntropy(…, 0.1)', measurement: builtin });

  tf.dispose([x, y, yLabels]);
  fitModel.dispose();
  loopModel.dispose();
  builtinModel.dispose();
  optimizer.dispose();
  return {
    id: `mlp-${samples}`,
    title: 'MLP epoch 784-256-10',
    size: `${samples} samples, batch ${BATCH}`,
    entries,
    targets,
  };
}
