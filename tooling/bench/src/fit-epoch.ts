import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { TrainingImages } from './datasets';
import { fusedLsceProbability } from './fused-loss';
import { measure, type Repeats } from './measure';
import type { Entry, ScenarioContext, ScenarioResult, Target } from './scenario';

/** Batch size of the conv-net epochs. */
export const FIT_BATCH = 128;
// Label-smoothing strength of the conv-net epochs.
const FIT_EPSILON = 0.1;

/**
 * Epoch timing of the training scenarios (MLP and conv nets): at most 1 warm-up epoch and 1 to 3 timed ones on the
 * same model (the PyTorch peer runs the same count).
 */
export function epochRepeats(repeats: Repeats): Repeats {
  return { warmup: Math.min(1, repeats.warmup), repeats: Math.max(1, Math.min(3, repeats.repeats)) };
}

function trainableParameters(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((total, weight) => total + tf.util.sizeFromShape(weight.shape as number[]), 0);
}

/**
 * Times one-epoch `model.fit` calls of `model` on 28×28×1 images (NHWC; batch {@link FIT_BATCH}, shuffled, Adam 1e-3,
 * our fused label-smoothed cross-entropy with ε = 0.1 on one-hot targets) and disposes the model.
 * Details: the last timed epoch's mean training loss and the trainable parameter count, to set beside the peer's.
 * A failed fit (a kernel the backend lacks) gives no measurement and the error in the note.
 */
export async function timeFitEpochs(model: tfl.LayersModel, images: TrainingImages, repeats: Repeats): Promise<Entry> {
  const x = tf.tensor4d(images.features, [images.samples, 28, 28, 1]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(images.labels, 'int32'), 10));
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => fusedLsceProbability(yTrue, yPred, FIT_EPSILON),
  });
  let loss = Number.NaN;
  const note = images.kind === 'synthetic' ? `synthetic images: ${images.source}` : undefined;
  try {
    const measurement = await measure(async () => {
      const history = await model.fit(x, y, { batchSize: FIT_BATCH, epochs: 1, shuffle: true, verbose: 0 });
      loss = Number(history.history.loss?.[0]);
    }, epochRepeats(repeats));
    return {
      name: 'ours',
      label: 'tfjs-layers model.fit, fused LS loss',
      measurement,
      details: { loss, trainableParameters: trainableParameters(model) },
      ...(note === undefined ? {} : { note }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      name: 'ours',
      label: 'tfjs-layers model.fit, fused LS loss',
      measurement: undefined,
      note: [`failed: ${message}`, ...(note === undefined ? [] : [note])].join('; '),
    };
  } finally {
    tf.dispose([x, y]);
    model.optimizer?.dispose();
    model.dispose();
  }
}

/**
 * A conv-net epoch scenario: one `model.fit` epoch of `net.build()` on `images` (batch 128, shuffled, Adam 1e-3, our
 * fused label-smoothed cross-entropy ε = 0.1, {@link timeFitEpochs}); the PyTorch peer trains the same net (NCHW) on
 * the same images.
 */
export async function fitEpochScenario(
  net: { id: string; title: string; build: () => tfl.LayersModel },
  images: TrainingImages,
  targets: Target[],
  context: ScenarioContext,
): Promise<ScenarioResult> {
  context.step('ours fit');
  const entry = await timeFitEpochs(net.build(), images, context.repeats);
  return {
    id: `${net.id}-${images.samples}`,
    title: net.title,
    size: `${images.samples} ${images.kind} images, batch ${FIT_BATCH}`,
    entries: [entry],
    targets,
  };
}
