import * as tf from '@tensorflow/tfjs-core';
import type { TensorInput } from '@softlabels/core';
import { focalLoss } from './focal-loss';
import type { FocalLossForFitOptions } from './focal-loss-for-fit-options';
import { prepareFocalLossForFitOptions } from './internal/prepare-focal-loss-for-fit-options';
import { readFitInputs } from './internal/read-fit-inputs';
import { warnOnPredictionKind } from './internal/warn-on-prediction-kind';

const NAME = 'focalLossForFit';

/**
 * The softmax focal loss (`focalLoss`) for `model.compile({ loss })` of `@tensorflow/tfjs-layers`: returns
 * `(yTrue, yPred) => tf.Scalar`, as `labelSmoothingLoss` does for the label-smoothing cross-entropy.
 *
 * `yTrue` may be one-hot/probability targets (`yPred`'s shape) or sparse class indices (`[batch]` or `[batch, 1]`,
 * any dtype holding integers). tfjs-layers' `model.fit` passes only targets of the model's output shape to a custom
 * loss, so with `fit` pass one-hot targets `[batch, C]` (or use `model.fitDataset(sparseLabelDataset(...))`); direct
 * calls and custom loops take class indices as they are.
 *
 * The first call of the returned loss reads back the first rows of `yPred` and warns once through core's warning
 * channel, with `labelSmoothingLoss`'s codes, when they look like the other kind: `'probabilities-as-logits'` for a
 * softmax output with `fromLogits: true`, `'logits-as-probabilities'` for values outside [0, 1] with
 * `fromLogits: false`. Later calls look at nothing.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { focalLossForFit } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
 * model.compile({ optimizer: 'adam', loss: focalLossForFit({ gamma: 'flsd-53' }) });
 * const x = tf.randomNormal([32, 4]);
 * const y = tf.cast(tf.oneHot(tf.randomUniformInt([32], 0, 3), 3), 'float32');
 * const history = await model.fit(x, y, { epochs: 2, verbose: 0 });
 * console.log(history.history.loss);
 * ```
 */
export function focalLossForFit(
  options?: FocalLossForFitOptions,
): (yTrue: TensorInput, yPred: TensorInput) => tf.Scalar {
  const { focal, fromLogits } = prepareFocalLossForFitOptions(options);
  // Only the first call with rows looks at the predictions' kind, so a training loop pays for it once.
  let inspected = false;
  return (trueInput: TensorInput, predictedInput: TensorInput): tf.Scalar =>
    tf.tidy(() => {
      const { yPred, logits, targets, classes } = readFitInputs(trueInput, predictedInput, fromLogits, NAME);
      const loss = focalLoss(logits, targets, focal);
      inspected ||= warnOnPredictionKind(yPred, classes, fromLogits, NAME);
      return loss;
    });
}
