import type { RandomSource } from '@softlabels/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Shape of a multilayer perceptron built by {@link createMlp}. */
export interface MlpOptions {
  /** Input features (784 for 28×28 images). */
  inputs: number;
  /** Units of each hidden ReLU layer, e.g. `[256, 256]`. */
  hidden: number[];
  /** Output classes; the last layer is a linear Dense layer that returns logits. */
  classes: number;
  /** Seeds every initializer (Glorot-uniform kernels, zero biases). */
  random: RandomSource;
}

/**
 * Builds a ReLU MLP that returns logits, as a tfjs-layers model so that `@softlabels/vis` and
 * `@softlabels/distillation` can take it as it is; all weights are initialised from `random`.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { createMlp } from './create-mlp';
 * const model = createMlp({ inputs: 784, hidden: [256, 256], classes: 10, random: new RandomSource(0) });
 * model.dispose();
 * ```
 */
export function createMlp(options: MlpOptions): tfl.Sequential {
  const { inputs, hidden, classes, random } = options;
  const layers = [...hidden, classes].map((units, index) =>
    tfl.layers.dense({
      units,
      activation: index < hidden.length ? 'relu' : 'linear',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: random.nextSeed() }),
      ...(index === 0 ? { inputShape: [inputs] } : {}),
    }),
  );
  return tfl.sequential({ layers });
}
