import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { RandomSource } from '@softlabels/core';
import { labelSmoothingCrossEntropy } from '@softlabels/smoothing';

import { convNetCheckInputs as inputs, seededUniform } from './inputs';
import { summariseTensor, type TensorSummary } from './tensor-summary';

/** What one SGD step of the check's conv net computes, for the page and Node to compare. */
export interface ConvNetStep {
  /** The label-smoothing cross-entropy of the batch before the step (batch-norm in training mode). */
  loss: number;
  /** The gradient of the loss by each trainable weight, keyed by the weight's name (`conv1/kernel`, …). */
  gradients: Record<string, TensorSummary>;
  /** `conv1/kernel` after one SGD step with those gradients. */
  updatedKernel: TensorSummary;
  /** The logits of the batch in inference mode (batch-norm with its initial moving statistics), before the step. */
  predictions: TensorSummary;
}

/**
 * conv 3×3 'same' relu → max-pool 2 → conv 3×3 stride 2 → batch-norm → relu → average-pool 2 stride 1 → dense. On the
 * tape tfjs splits the first convolution into `Conv2D` and a bias `Add` (it fuses only linear activations while
 * recording gradients) and runs the second as a linear `FusedConv2D`; inference runs the first as a relu
 * `FusedConv2D`. The backward pass needs `Conv2DBackpropFilter`, `Conv2DBackpropInput`, `MaxPoolGrad`,
 * `AvgPoolGrad` and the `FusedBatchNorm` gradient.
 */
function buildModel(): tfl.Sequential {
  const { size, classes } = inputs;
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        name: 'conv1',
        inputShape: [size, size, 1],
        kernelSize: 3,
        filters: 8,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      // No bias before batch-norm: its gradient would be zero up to rounding, nothing to compare.
      tfl.layers.conv2d({ name: 'conv2', kernelSize: 3, filters: 8, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization({ name: 'norm2' }),
      tfl.layers.activation({ name: 'relu2', activation: 'relu' }),
      tfl.layers.averagePooling2d({ name: 'pool2', poolSize: 2, strides: 1 }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'logits', units: classes }),
    ],
  });
}

/** Initial values of a weight, from the shared seeded stream: Glorot-uniform kernels, small biases, γ near 1. */
function initialValues(random: RandomSource, name: string, shape: number[]): number[] {
  const count = shape.reduce((product, size) => product * size, 1);
  if (name.endsWith('/kernel')) {
    const receptive = shape.slice(0, -2).reduce((product, size) => product * size, 1);
    const fanIn = receptive * (shape.at(-2) as number);
    const fanOut = receptive * (shape.at(-1) as number);
    return seededUniform(random, count, Math.sqrt(6 / (fanIn + fanOut)));
  }
  if (name.endsWith('/gamma')) return seededUniform(random, count, 0.1).map((value) => 1 + value);
  if (name.endsWith('/moving_mean')) return new Array<number>(count).fill(0);
  if (name.endsWith('/moving_variance')) return new Array<number>(count).fill(1);
  return seededUniform(random, count, 0.1);
}

/**
 * Builds the check's conv net with weights from {@link convNetCheckInputs}' seed, then computes on the active
 * backend its inference logits, the training loss and every trainable weight's gradient (`tf.variableGrads`), and
 * takes one SGD step. Leaves no tensors behind.
 */
export function computeConvNetStep(): ConvNetStep {
  const model = buildModel();
  const optimizer = tf.train.sgd(inputs.learningRate);
  try {
    const random = new RandomSource(inputs.weightSeed);
    let step: ConvNetStep | undefined;
    tf.tidy(() => {
      model.setWeights(
        model.weights.map((weight) => {
          // A built model's weights have known sizes.
          const shape = weight.shape as number[];
          return tf.tensor(initialValues(random, weight.originalName, shape), shape);
        }),
      );
      const { batch, size } = inputs;
      const images = tf.tensor4d(inputs.images, [batch, size, size, 1]);
      const labels = tf.tensor1d(inputs.labels, 'int32');
      const predictions = summariseTensor(model.predict(images) as tf.Tensor);
      const trainable = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => {
        const logits = model.apply(images, { training: true }) as tf.Tensor;
        return labelSmoothingCrossEntropy(logits, labels, { epsilon: inputs.epsilon }) as tf.Scalar;
      }, trainable);
      const gradients: Record<string, TensorSummary> = {};
      model.trainableWeights.forEach((weight, index) => {
        gradients[weight.originalName] = summariseTensor(grads[(trainable[index] as tf.Variable).name] as tf.Tensor);
      });
      optimizer.applyGradients(grads);
      const updatedKernel = summariseTensor(model.getLayer('conv1').getWeights()[0] as tf.Tensor);
      step = { loss: value.dataSync()[0] as number, gradients, updatedKernel, predictions };
    });
    return step as ConvNetStep;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
