import type { RandomSource } from '@softlabels/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Shape of the conv net built by {@link createCnn}. */
export interface CnnOptions {
  /** Image height, width and channels; the model takes flattened `[batch, height·width·channels]` rows. */
  height: number;
  width: number;
  channels: number;
  /** Filters of each 3×3 'same' ReLU convolution; each is followed by a 2×2 max pool, e.g. `[32, 64]`. */
  filters: number[];
  /** Units of each ReLU dense layer of the head, e.g. `[128]`; `[]` puts the logits right after the last pool. */
  dense: number[];
  /** Output classes; the last layer is a linear Dense layer that returns logits. */
  classes: number;
  /** Seeds every initializer (Glorot-uniform kernels, zero biases). */
  random: RandomSource;
}

/**
 * Builds an AlexNet-like conv net that returns logits: a reshape of the flattened rows to images, then per entry of
 * `filters` a 3×3 convolution ('same' padding, ReLU) and a 2×2 max pool, a flatten, the ReLU dense layers of `dense`
 * and a linear dense layer of `classes` units. The layer before the logits is the penultimate layer that
 * `@softlabels/vis` projects.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { createCnn } from './create-cnn';
 * const model = createCnn({
 *   height: 28, width: 28, channels: 1, filters: [32, 64], dense: [128], classes: 10, random: new RandomSource(0),
 * });
 * console.log(model.layers.length); // reshape, 2 × (conv, pool), flatten, 2 dense = 8
 * model.dispose();
 * ```
 */
export function createCnn(options: CnnOptions): tfl.Sequential {
  const { height, width, channels, filters, dense, classes, random } = options;
  const glorot = () => tfl.initializers.glorotUniform({ seed: random.nextSeed() });
  const layers: tfl.layers.Layer[] = [
    tfl.layers.reshape({ targetShape: [height, width, channels], inputShape: [height * width * channels] }),
  ];
  for (const count of filters) {
    layers.push(
      tfl.layers.conv2d({
        filters: count,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: glorot(),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
    );
  }
  layers.push(tfl.layers.flatten());
  for (const units of dense) layers.push(tfl.layers.dense({ units, activation: 'relu', kernelInitializer: glorot() }));
  layers.push(tfl.layers.dense({ units: classes, kernelInitializer: glorot() }));
  return tfl.sequential({ layers });
}
