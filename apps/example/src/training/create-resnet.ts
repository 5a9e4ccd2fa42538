import type { RandomSource } from '@softlabels/core';
import * as tfl from '@tensorflow/tfjs-layers';

type SymbolicTensor = tfl.SymbolicTensor;

/** Shape of the residual net built by {@link createResnet}. */
export interface ResnetOptions {
  /** Image height, width and channels; the model takes flattened `[batch, height·width·channels]` rows. */
  height: number;
  width: number;
  channels: number;
  /** Filters of each stage, one residual block per stage; every stage after the first halves the resolution. */
  widths: number[];
  /** Output classes; the last layer is a linear Dense layer that returns logits. */
  classes: number;
  /** Seeds every initializer (Glorot-uniform kernels). */
  random: RandomSource;
}

/**
 * Builds a small ResNet that returns logits: a reshape of the flattened rows to images, a 3×3 convolution of
 * `widths[0]` filters with batch normalisation and ReLU, one basic residual block per entry of `widths` (two 3×3
 * convolutions with batch normalisation; stride 2 and a 1×1 projection shortcut from the second stage on), global
 * average pooling — the penultimate layer — and a linear dense layer of `classes` units. Batch normalisation makes
 * the model depend on the training flag: train it with `training: true`, evaluate it with `training: false`.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { createResnet } from './create-resnet';
 * const model = createResnet({
 *   height: 28, width: 28, channels: 1, widths: [16, 32, 64], classes: 10, random: new RandomSource(0),
 * });
 * console.log(model.outputs[0]?.shape); // [null, 10]
 * model.dispose();
 * ```
 */
export function createResnet(options: ResnetOptions): tfl.LayersModel {
  const { height, width, channels, widths, classes, random } = options;
  const convolution = (input: SymbolicTensor, filters: number, kernelSize: number, strides: number) => {
    const conv = tfl.layers.conv2d({
      filters,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: random.nextSeed() }),
    });
    return tfl.layers.batchNormalization().apply(conv.apply(input)) as SymbolicTensor;
  };
  const relu = (input: SymbolicTensor) => tfl.layers.reLU().apply(input) as SymbolicTensor;
  const input = tfl.input({ shape: [height * width * channels] });
  const images = tfl.layers.reshape({ targetShape: [height, width, channels] }).apply(input) as SymbolicTensor;
  let x = relu(convolution(images, widths[0] as number, 3, 1));
  widths.forEach((filters, stage) => {
    const strides = stage === 0 ? 1 : 2;
    const branch = convolution(relu(convolution(x, filters, 3, strides)), filters, 3, 1);
    const shortcut = stage === 0 ? x : convolution(x, filters, 1, strides);
    x = relu(tfl.layers.add().apply([branch, shortcut]) as SymbolicTensor);
  });
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as SymbolicTensor;
  const logits = tfl.layers
    .dense({ units: classes, kernelInitializer: tfl.initializers.glorotUniform({ seed: random.nextSeed() }) })
    .apply(pooled) as SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}
