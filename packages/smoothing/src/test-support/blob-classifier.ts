import * as tfl from '@tensorflow/tfjs-layers';

/** A small seeded classifier for the 4-D points of `threeBlobs`: dense 8 relu, then 3 logits (not compiled). */
export function blobClassifier(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [4],
        units: 8,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
      }),
      tfl.layers.dense({ units: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}
