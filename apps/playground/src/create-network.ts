import { RandomSource } from '@softlabels/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** The networks the playground trains. */
export type NetworkKind = 'mlp' | 'cnn';

/** Hidden units of the MLP. */
const MLP_HIDDEN = [128, 128];
/** Filters of the CNN's two 3×3 convolutions (each followed by a 2×2 max pool). */
const CNN_FILTERS = [8, 16];
/** Units of the CNN's dense layer before the logits. */
const CNN_DENSE = 64;

/**
 * A network of the playground on flattened square grey images of `inputs` pixels, logits out, every kernel
 * Glorot-uniform seeded by `seed`:
 * - `'mlp'`: 784 → `hidden` (default 128 → 128) → 10, ReLU;
 * - `'cnn'`: the rows reshaped to 28×28×1, two 3×3 'same' ReLU convolutions of 8 and 16 filters each followed by a
 *   2×2 max pool, a flatten, a dense layer of 64 ReLU units and the 10 logits.
 *
 * The layer before the logits is the penultimate layer that `@softlabels/vis` projects.
 *
 * @example
 * ```ts
 * import { createNetwork } from './create-network';
 * const model = createNetwork('cnn', 784, 0);
 * console.log(model.layers.length); // reshape, 2 × (conv, pool), flatten, 2 dense = 8
 * model.dispose();
 * ```
 */
export function createNetwork(kind: NetworkKind, inputs: number, seed: number, hidden = MLP_HIDDEN): tfl.Sequential {
  const random = new RandomSource(seed);
  const glorot = () => tfl.initializers.glorotUniform({ seed: random.nextSeed() });
  const logits = () => tfl.layers.dense({ units: 10, kernelInitializer: glorot() });
  if (kind === 'mlp') {
    return tfl.sequential({
      layers: [
        ...hidden.map((units, index) =>
          tfl.layers.dense({
            units,
            activation: 'relu',
            kernelInitializer: glorot(),
            ...(index === 0 ? { inputShape: [inputs] } : {}),
          }),
        ),
        logits(),
      ],
    });
  }
  const side = Math.round(Math.sqrt(inputs));
  const layers: tfl.layers.Layer[] = [tfl.layers.reshape({ targetShape: [side, side, 1], inputShape: [inputs] })];
  for (const filters of CNN_FILTERS) {
    layers.push(
      tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: glorot() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
    );
  }
  layers.push(
    tfl.layers.flatten(),
    tfl.layers.dense({ units: CNN_DENSE, activation: 'relu', kernelInitializer: glorot() }),
    logits(),
  );
  return tfl.sequential({ layers });
}
