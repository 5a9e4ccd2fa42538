import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';

/**
 * Anything with a tfjs-layers-style `predict` that returns logits: a `tf.LayersModel` (`tf.Sequential`) or a
 * `tf.GraphModel` with a single output.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import type { LogitModel } from '@softlabels/distillation';
 *
 * const model: LogitModel = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
 * console.log(typeof model.predict); // function
 * ```
 */
export interface LogitModel {
  predict(inputs: tf.Tensor, config?: { batchSize?: number }): tf.Tensor | tf.Tensor[];
}

/**
 * Checks that `model` has a `predict` method.
 * @internal
 */
export function checkLogitModel(model: unknown, parameter: string, functionName: string): LogitModel {
  if (typeof model !== 'object' || model === null || typeof (model as LogitModel).predict !== 'function') {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: model,
      expected: 'be a model with a predict() method (a tfjs-layers LayersModel)',
    });
  }
  return model as LogitModel;
}

/**
 * Runs `model.predict` and returns its single `[N, K]` output, or throws naming the model argument.
 * @internal
 */
export function predictLogits(
  model: LogitModel,
  inputs: tf.Tensor,
  batchSize: number,
  parameter: string,
  functionName: string,
): tf.Tensor2D {
  const output = model.predict(inputs, { batchSize });
  if (Array.isArray(output) || !(output instanceof tf.Tensor)) {
    if (Array.isArray(output)) tf.dispose(output);
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: model,
      expected: 'have a single output (its logits)',
      got: 'a model with several outputs',
    });
  }
  if (output.rank !== 2 || output.shape[0] !== inputs.shape[0]) {
    const shape = output.shape;
    output.dispose();
    throw new ShapeMismatchError({
      functionName,
      parameter: `${parameter} output`,
      actual: shape,
      expected: `be [N, K] logits with N = ${inputs.shape[0]} rows`,
    });
  }
  return output as tf.Tensor2D;
}

/**
 * Throws when a tfjs-layers model ends in a softmax (or sigmoid) activation: distillation needs logits.
 * @internal
 */
export function checkOutputsLogits(model: unknown, parameter: string, functionName: string): void {
  const layers = (model as { layers?: Array<{ getConfig?: () => Record<string, unknown> }> }).layers;
  const last = Array.isArray(layers) ? layers[layers.length - 1] : undefined;
  const activation = last?.getConfig?.().activation;
  if (activation === 'softmax' || activation === 'sigmoid') {
    throw new InvalidArgumentError({
      functionName,
      parameter,
      value: model,
      expected: 'output logits (a last layer without softmax/sigmoid activation)',
      got: `a model whose last layer applies '${activation}'`,
    });
  }
}

/**
 * Checks that `inputs` fit the input shape a tfjs-layers model declares (its `inputs`; models that declare none, such
 * as a bare `{ predict }`, are not checked), so that a misfit is named here rather than by tfjs-layers' own error.
 */
export function checkFitsModel(
  model: unknown,
  inputs: tf.Tensor,
  parameter: string,
  modelName: string,
  functionName: string,
): void {
  const declared = (model as { inputs?: unknown }).inputs;
  const shape = Array.isArray(declared) && declared.length === 1 ? (declared[0] as { shape?: unknown }).shape : null;
  if (!Array.isArray(shape)) return;
  const fits =
    shape.length === inputs.rank && shape.every((size, axis) => size === null || size === inputs.shape[axis]);
  if (!fits) {
    throw new ShapeMismatchError({
      functionName,
      parameter,
      actual: inputs.shape,
      expected: `fit the ${modelName}'s input shape [${shape.map((size) => size ?? 'N').join(', ')}]`,
    });
  }
}
