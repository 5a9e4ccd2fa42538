import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkFinite, InvalidArgumentError, ShapeMismatchError, toTensor, type TensorInput } from '@softlabels/core';

import { lastDenseLayer } from '../internal/last-dense-layer';
import { preparePenultimateActivationsOptions } from '../internal/prepare-penultimate-options';
import type { PenultimateActivationsOptions } from './penultimate-activations-options';

const FUNCTION_NAME = 'penultimateActivations';

const truncatedModels = new WeakMap<tfl.LayersModel, tfl.LayersModel>();

function truncate(model: tfl.LayersModel, dense: ReturnType<typeof lastDenseLayer>['dense']): tfl.LayersModel {
  const cached = truncatedModels.get(model);
  if (cached !== undefined) return cached;
  let features: tfl.SymbolicTensor;
  try {
    features = dense.input as tfl.SymbolicTensor;
  } catch (cause) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'model',
      value: dense.name,
      expected: 'use its last Dense layer exactly once (a single input to read)',
      got: cause instanceof Error ? cause.message : String(cause),
    });
  }
  if (model.inputs.length !== 1 || Array.isArray(features)) {
    throw new InvalidArgumentError({
      functionName: FUNCTION_NAME,
      parameter: 'model',
      value: model.name,
      expected: 'have exactly one input and a single-input last Dense layer',
      got: `${model.inputs.length} model input(s)`,
    });
  }
  const truncated = tfl.model({ inputs: model.inputs, outputs: features });
  truncatedModels.set(model, truncated);
  return truncated;
}

/**
 * The penultimate-layer activations of a tfjs-layers classifier: what feeds its last `Dense` layer (the x in the
 * paper's logits z_k = [x; 1]·w_k), computed in batches of `batchSize`. Returns a new `[N, D]` tensor (dispose it);
 * nothing else stays allocated. Pair it with {@link classTemplates} and {@link projectOntoClassPlane}.
 *
 * @param model A `tf.LayersModel` or `tf.Sequential` with one input whose last `Dense` layer is the classifier.
 * @param inputs `[N, ...inputShape]` finite examples (tensor or nested arrays).
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { penultimateActivations } from '@softlabels/vis';
 *
 * const model = tfl.sequential({
 *   layers: [tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 3 })],
 * });
 * const activations = penultimateActivations(model, tf.ones([10, 4]), { batchSize: 4 });
 * console.log(activations.shape); // [10, 8]
 * activations.dispose();
 * model.dispose();
 * ```
 */
export function penultimateActivations(
  model: tfl.LayersModel,
  inputs: TensorInput,
  options: PenultimateActivationsOptions = {},
): tf.Tensor2D {
  const { batchSize } = preparePenultimateActivationsOptions(options);
  const { dense } = lastDenseLayer(model, FUNCTION_NAME);
  const truncated = truncate(model, dense);
  return tf.tidy(() => {
    const x = toTensor(inputs, 'inputs', FUNCTION_NAME);
    const expected = truncated.inputs[0]?.shape ?? [];
    const matches =
      x.rank === expected.length &&
      expected.every((size, axis) => axis === 0 || size === null || size === x.shape[axis]);
    if (!matches || x.shape[0] === 0) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'inputs',
        actual: x.shape,
        expected: `have the model's input shape [N >= 1, ${expected.slice(1).join(', ')}]`,
      });
    }
    checkFinite(x, 'inputs', FUNCTION_NAME);
    const output = truncated.predict(x, { batchSize }) as tf.Tensor;
    if (output.rank !== 2) {
      throw new ShapeMismatchError({
        functionName: FUNCTION_NAME,
        parameter: 'model',
        actual: output.shape,
        expected: 'feed its last Dense layer a rank-2 [N, D] input',
      });
    }
    return output as tf.Tensor2D;
  });
}
