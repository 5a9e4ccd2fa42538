import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '@softlabels/core';

type Layer = tfl.LayersModel['layers'][number];

/** Checks that `model` is a tfjs-layers model and returns its last `Dense` layer (the classifier head). */
export function lastDenseLayer(model: unknown, functionName: string): { model: tfl.LayersModel; dense: Layer } {
  const layers = (model as { layers?: unknown } | null)?.layers;
  if (typeof model !== 'object' || model === null || !Array.isArray(layers) || !('predict' in model)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'model',
      value: model,
      expected: 'be a tfjs-layers model (tf.LayersModel or tf.Sequential)',
      got: typeof model === 'object' && model !== null ? Object.prototype.toString.call(model) : typeof model,
    });
  }
  const dense = [...(layers as Layer[])].reverse().find((layer) => layer.getClassName() === 'Dense');
  if (dense === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'model',
      value: (layers as Layer[]).map((layer) => layer.getClassName()),
      expected: 'have a Dense layer (the class-template layer) among its top-level layers',
      got: `layers [${(layers as Layer[]).map((layer) => layer.getClassName()).join(', ')}]`,
    });
  }
  return { model: model as tfl.LayersModel, dense };
}
