import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectClose, expectNoLeak, testBackend } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';

import { initBackend } from '../backend/init-backend';
import { RandomSource } from '../random/random-source';

// Whole tfjs-layers conv nets: the gradients of a cross-entropy loss w.r.t. every trainable weight on the backend under
// test agree with tfjs's cpu backend (same process, switched with tf.setBackend), from the same seeded weights and
// inputs; and one model.fit epoch on the backend under test trains without leaking tensors.

const seed = 20251;
const CLASSES = 10;

type ModelFactory = () => tfl.LayersModel;

/** `conv2d 16@3×3 relu → maxPool 2 → conv2d 32@3×3 relu → maxPool 2 → flatten → dense 10` on 28×28×1. */
function twoConvNet(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: CLASSES }),
    ],
  });
}

/**
 * A small residual net on 16×16×3: conv/batch-norm/relu blocks with identity and strided (1×1 conv) shortcuts, 'same'
 * padding (16 → 8 at stride 2 pads one row and column after only), then average pooling, global average pooling,
 * dropout and dense. The average pool tiles its 8×8 input exactly, so no window is cut by padding (where tfjs's cpu
 * AvgPoolGrad divides by the whole window, unlike the exact gradient of other backends; see conv-torch-parity.test.ts).
 */
function residualNet(): tfl.LayersModel {
  const input = tfl.input({ shape: [16, 16, 3] });
  const conv = (filters: number, kernelSize: number, strides: number): tfl.layers.Layer =>
    tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same' });
  const relu = (): tfl.layers.Layer => tfl.layers.activation({ activation: 'relu' });
  const norm = (): tfl.layers.Layer => tfl.layers.batchNormalization({ epsilon: 1e-3 });
  const apply = (layer: tfl.layers.Layer, tensor: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor =>
    layer.apply(tensor) as tfl.SymbolicTensor;

  const stem = apply(relu(), apply(norm(), apply(conv(8, 3, 1), input)));
  const branch = apply(norm(), apply(conv(8, 3, 1), stem));
  const block = apply(relu(), apply(tfl.layers.add(), [stem, branch]));
  const down = apply(norm(), apply(conv(16, 3, 1), apply(relu(), apply(norm(), apply(conv(16, 3, 2), block)))));
  const shortcut = apply(conv(16, 1, 2), block);
  const merged = apply(relu(), apply(tfl.layers.add(), [down, shortcut]));
  const pooled = apply(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2 }), merged);
  const features = apply(tfl.layers.globalAveragePooling2d({}), pooled);
  const dropped = apply(tfl.layers.dropout({ rate: 0.25, seed: 7 }), features);
  const logits = apply(tfl.layers.dense({ units: CLASSES }), dropped);
  return tfl.model({ inputs: input, outputs: logits });
}

interface HostWeight {
  shape: number[];
  values: Float32Array;
}

/** Seeded initial values for every weight of `model` (trainable or not), by the weight's role. */
function seededWeights(model: tfl.LayersModel, random: RandomSource): HostWeight[] {
  return model.weights.map(({ name, shape }) => {
    const size = shape.reduce((product: number, extent) => product * (extent as number), 1);
    const fanIn = shape.slice(0, -1).reduce((product: number, extent) => product * (extent as number), 1);
    const role = name.slice(name.lastIndexOf('/') + 1);
    const draw: () => number =
      role === 'kernel'
        ? () => random.normal() * Math.sqrt(2 / fanIn)
        : role === 'gamma'
          ? () => 1 + 0.1 * random.normal()
          : role === 'moving_variance'
            ? () => 0.8 + 0.4 * random.uniform()
            : () => 0.1 * random.normal();
    return { shape: shape as number[], values: Float32Array.from({ length: size }, draw) };
  });
}

/** Seeded initial weights for the nets `factory` builds (the net built to read the shapes is disposed). */
function seededWeightsOf(factory: ModelFactory, random: RandomSource): HostWeight[] {
  const model = factory();
  try {
    return seededWeights(model, random);
  } finally {
    model.dispose();
  }
}

interface Batch {
  xShape: number[];
  x: Float32Array;
  labels: Int32Array;
}

/** Each class is a fixed random pattern; the samples are noisy copies of their class's pattern. */
function seededBatch(random: RandomSource, shape: number[], samples: number): Batch {
  const size = shape.reduce((product, extent) => product * extent, 1);
  const patterns = Array.from({ length: CLASSES }, () => Float32Array.from({ length: size }, () => random.normal()));
  const labels = Int32Array.from({ length: samples }, (_value, index) => index % CLASSES);
  const x = new Float32Array(samples * size);
  labels.forEach((label, sample) => {
    const pattern = patterns[label] as Float32Array;
    for (let index = 0; index < size; index += 1)
      x[sample * size + index] = (pattern[index] as number) + random.normal();
  });
  return { xShape: [samples, ...shape], x, labels };
}

function oneHotLabels(batch: Batch): tf.Tensor {
  return tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), CLASSES));
}

function crossEntropy(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

interface Gradients {
  loss: number;
  /** Per trainable weight: its position and role (`kernel`, `bias`, `gamma`, `beta`), as layer names differ per model. */
  names: string[];
  /**
   * Per trainable weight: whether it is the bias of a layer whose output goes only into batch norms. In training mode
   * the batch mean removes such a bias, so its gradient is 0 and what a backend computes is rounding noise.
   */
  beforeBatchNorm: boolean[];
  gradients: HostWeight[];
}

function biasesBeforeBatchNorm(model: tfl.LayersModel): boolean[] {
  const owners = new Map(model.layers.flatMap((layer) => layer.trainableWeights.map((weight) => [weight, layer])));
  return model.trainableWeights.map((weight) => {
    const outbound = owners.get(weight)?.outboundNodes ?? [];
    return (
      weight.originalName.endsWith('/bias') &&
      outbound.length > 0 &&
      outbound.every((node) => node.outboundLayer.getClassName() === 'BatchNormalization')
    );
  });
}

/** Builds the net with the given weights on the active backend and takes the gradients of the batch's loss. */
async function gradientsOnActiveBackend(
  factory: ModelFactory,
  weights: HostWeight[],
  batch: Batch,
  training: boolean,
): Promise<Gradients> {
  let result: Gradients | undefined;
  await expectNoLeak(async () => {
    const model = factory();
    const initial = weights.map(({ shape, values }) => tf.tensor(values, shape));
    model.setWeights(initial);
    tf.dispose(initial);
    const x = tf.tensor(batch.x, batch.xShape);
    const labels = oneHotLabels(batch);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(labels, model.apply(x, { training }) as tf.Tensor),
      variables,
    );
    const gradients = variables.map((variable) => grads[variable.name] as tf.Tensor);
    const values = await Promise.all(gradients.map((gradient) => gradient.data<'float32'>()));
    result = {
      loss: (await value.data())[0] as number,
      names: model.trainableWeights.map(
        ({ originalName }, index) => `#${index} ${originalName.slice(originalName.lastIndexOf('/') + 1)}`,
      ),
      beforeBatchNorm: biasesBeforeBatchNorm(model),
      gradients: gradients.map((gradient, index) => ({ shape: gradient.shape, values: values[index] as Float32Array })),
    };
    tf.dispose([value, x, labels, ...gradients]);
    model.dispose();
  });
  return result!;
}

/** The same computation on the backend under test and on tfjs's cpu backend (the backend under test is restored). */
async function gradientsHereAndOnCpu(
  factory: ModelFactory,
  weights: HostWeight[],
  batch: Batch,
  training: boolean,
): Promise<{ here: Gradients; cpu: Gradients }> {
  const backend = tf.getBackend();
  const here = await gradientsOnActiveBackend(factory, weights, batch, training);
  let cpu: Gradients;
  try {
    await initBackend({ backend: 'cpu' });
    cpu = await gradientsOnActiveBackend(factory, weights, batch, training);
  } finally {
    await tf.setBackend(backend);
  }
  expect(tf.getBackend()).toBe(backend);
  return { here, cpu };
}

// Per weight tensor, |here − cpu| ≤ 1e-4·max|cpu|: both backends round to float32 in a different order through about
// ten layers whose reductions have up to a few thousand terms (the first conv's kernel gradient sums 8·26·26 products),
// which keeps each gradient within ~1e-5 of its tensor's scale; ReLU and max-pool decisions on continuous random data
// sit farther from their switching points than that. Scaling by the tensor's largest entry, not each entry, lets small
// entries that are sums with cancellation carry the error of their large neighbours.
const GRADIENT_SCALE = 1e-4;
// A gradient that is 0 in exact arithmetic (a bias before a batch norm, in training mode) comes out as the rounding
// noise of sums that cancel, whose terms are of the order of the net's largest gradients: ≤ 1e-5 of those.
const CANCELLED_SCALE = 1e-5;

function largest(values: Float32Array): number {
  return values.reduce((biggest, value) => Math.max(biggest, Math.abs(value)), 0);
}

function expectAgreement({ here, cpu }: { here: Gradients; cpu: Gradients }, training: boolean): void {
  expect(here.names).toEqual(cpu.names);
  expect(here.beforeBatchNorm).toEqual(cpu.beforeBatchNorm);
  expectClose(here.loss, cpu.loss, { relative: 1e-5, absolute: 1e-6 });
  if (testBackend() === 'cpu') {
    // Both runs are on cpu: the seeded weights, inputs and dropout masks reproduce the same numbers.
    here.gradients.forEach((gradient, index) =>
      expect(Array.from(gradient.values), here.names[index]).toEqual(Array.from(cpu.gradients[index]?.values ?? [])),
    );
  }
  const netScale = Math.max(...cpu.gradients.map(({ values }) => largest(values)));
  here.gradients.forEach((gradient, index) => {
    const name = here.names[index] as string;
    const reference = cpu.gradients[index] as HostWeight;
    expect(gradient.shape, name).toEqual(reference.shape);
    if (training && here.beforeBatchNorm[index] === true) {
      expect(largest(gradient.values), `${name} (before a batch norm)`).toBeLessThanOrEqual(CANCELLED_SCALE * netScale);
      expect(largest(reference.values), `${name} (before a batch norm)`).toBeLessThanOrEqual(
        CANCELLED_SCALE * netScale,
      );
      return;
    }
    const scale = largest(reference.values);
    expect(scale, `${name}: the gradient is not all zero`).toBeGreaterThan(CANCELLED_SCALE * netScale);
    try {
      expectClose(gradient.values, reference.values, { relative: 0, absolute: GRADIENT_SCALE * scale });
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  });
}

describe(`conv-net gradients on ${testBackend()} agree with tfjs's cpu backend (seed ${seed})`, () => {
  it('two-conv net, batch of 8 on 28×28×1', async () => {
    const random = new RandomSource(seed);
    const weights = seededWeightsOf(twoConvNet, random);
    const batch = seededBatch(random, [28, 28, 1], 8);
    const result = await gradientsHereAndOnCpu(twoConvNet, weights, batch, true);
    expect(result.here.gradients).toHaveLength(6);
    expectAgreement(result, true);
  });

  it('residual net in training mode (batch statistics, seeded dropout), batch of 6', async () => {
    const random = new RandomSource(seed + 1);
    const weights = seededWeightsOf(residualNet, random);
    const batch = seededBatch(random, [16, 16, 3], 6);
    const result = await gradientsHereAndOnCpu(residualNet, weights, batch, true);
    // 5 convolutions (kernel, bias), 4 batch norms (gamma, beta), dense (kernel, bias).
    expect(result.here.gradients).toHaveLength(20);
    // Every convolution but the strided shortcut feeds a batch norm.
    expect(result.here.beforeBatchNorm.filter(Boolean)).toHaveLength(4);
    expectAgreement(result, true);
  });

  it('residual net in inference mode (moving statistics, no dropout), batch of 6', async () => {
    const random = new RandomSource(seed + 2);
    const weights = seededWeightsOf(residualNet, random);
    const batch = seededBatch(random, [16, 16, 3], 6);
    expectAgreement(await gradientsHereAndOnCpu(residualNet, weights, batch, false), false);
  });
});

describe(`model.fit on ${testBackend()} (seed ${seed})`, () => {
  it.each([
    { name: 'two-conv net', factory: twoConvNet, shape: [28, 28, 1] },
    { name: 'residual net', factory: residualNet, shape: [16, 16, 3] },
  ])(
    '$name: one epoch on 40 samples lowers the loss and leaks only the optimizer state',
    async ({ factory, shape }) => {
      const random = new RandomSource(seed + 3);
      await expectNoLeak(async () => {
        const model = factory();
        const initial = seededWeights(model, random).map(({ shape: weightShape, values }) =>
          tf.tensor(values, weightShape),
        );
        model.setWeights(initial);
        tf.dispose(initial);
        const batch = seededBatch(random, shape, 40);
        const x = tf.tensor(batch.x, batch.xShape);
        const labels = oneHotLabels(batch);
        const optimizer = tf.train.adam(0.01);
        model.compile({ optimizer, loss: crossEntropy });
        // The loss of the model the epoch steps through (training mode: batch statistics, dropout on).
        const lossInTraining = (): number =>
          tf.tidy(() => crossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor).dataSync()[0] as number);
        const before = lossInTraining();
        const tensorsBefore = tf.memory().numTensors;
        const history = await model.fit(x, labels, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
        // Adam's state: the first and second moment of every trainable weight (its beta powers exist from the start).
        expect(tf.memory().numTensors).toBe(tensorsBefore + 2 * model.trainableWeights.length);
        const epochLoss = history.history.loss?.[0] as number;
        const after = lossInTraining();
        expect(Number.isFinite(epochLoss)).toBe(true);
        expect(Number.isFinite(after)).toBe(true);
        expect(after).toBeLessThan(before);
        tf.dispose([x, labels]);
        optimizer.dispose();
        model.dispose();
      });
    },
  );
});
