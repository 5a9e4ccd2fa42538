import type { RandomSource } from '@softlabels/core';
import type * as tfl from '@tensorflow/tfjs-layers';

import type { ImageGeometry } from './augment-images';
import { createCnn } from './create-cnn';
import { createMlp } from './create-mlp';
import { createResnet } from './create-resnet';

/** A network of the example, by kind and widths (see {@link createNetwork}). */
export type NetworkSpec =
  | { kind: 'mlp'; hidden: number[] }
  | { kind: 'cnn'; filters: number[]; dense: number[] }
  | { kind: 'resnet'; widths: number[] };

/**
 * Builds the network `spec` describes for flattened images of `geometry` and `classes` outputs (logits), every weight
 * initialised from `random`: an MLP ({@link createMlp}), an AlexNet-like conv net ({@link createCnn}) or a small
 * ResNet ({@link createResnet}).
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { createNetwork } from './network-spec';
 * const geometry = { height: 28, width: 28, channels: 1 };
 * const model = createNetwork({ kind: 'cnn', filters: [8, 16], dense: [] }, geometry, 10, new RandomSource(0));
 * model.dispose();
 * ```
 */
export function createNetwork(
  spec: NetworkSpec,
  geometry: ImageGeometry,
  classes: number,
  random: RandomSource,
): tfl.LayersModel {
  switch (spec.kind) {
    case 'mlp':
      return createMlp({
        inputs: geometry.height * geometry.width * geometry.channels,
        hidden: spec.hidden,
        classes,
        random,
      });
    case 'cnn':
      return createCnn({ ...geometry, filters: spec.filters, dense: spec.dense, classes, random });
    case 'resnet':
      return createResnet({ ...geometry, widths: spec.widths, classes, random });
  }
}

/**
 * The layers of `spec` in one line, as the report and the README name them, e.g.
 * `conv 3×3 32 – pool 2 – conv 3×3 64 – pool 2 – dense 128 – dense (logits)`.
 *
 * @example
 * ```ts
 * import { describeNetwork } from './network-spec';
 * console.log(describeNetwork({ kind: 'mlp', hidden: [128, 128] })); // dense 128 – dense 128 – dense (logits)
 * ```
 */
export function describeNetwork(spec: NetworkSpec): string {
  const layers: string[] = [];
  switch (spec.kind) {
    case 'mlp':
      layers.push(...spec.hidden.map((units) => `dense ${units}`));
      break;
    case 'cnn':
      layers.push(...spec.filters.map((filters) => `conv 3×3 ${filters} – pool 2`));
      layers.push(...spec.dense.map((units) => `dense ${units}`));
      break;
    case 'resnet':
      layers.push(`conv 3×3 ${spec.widths[0]} + BN`);
      layers.push(...spec.widths.map((filters, stage) => `residual block ${filters}${stage === 0 ? '' : ' /2'}`));
      layers.push('global average pool');
      break;
  }
  return [...layers, 'dense (logits)'].join(' – ');
}
