import * as tf from '@tensorflow/tfjs-core';
import type { TensorInput } from '@softlabels/core';
import { labelSmoothingCrossEntropy } from './label-smoothing-cross-entropy';
import { prepareLossOptions } from './internal/prepare-loss-options';
import { readFitInputs } from './internal/read-fit-inputs';
import { warnOnPredictionKind } from './internal/warn-on-prediction-kind';
import type { LabelSmoothingLossOptions } from './label-smoothing-loss-options';

const NAME = 'labelSmoothingLoss';

/**
 * A label-smoothing cross-entropy for `model.compile({ loss })` of `@tensorflow/tfjs-layers`:
 * returns `(yTrue, yPred) => tf.Scalar`.
 *
 * `yTrue` may be one-hot/probability targets (`yPred`'s shape) or sparse class indices (`[batch]` or `[batch, 1]`,
 * any dtype holding integers; with a single class `[batch, 1]` reads as probabilities). tfjs-layers' `model.fit`
 * refuses targets whose shape differs from the model's output for any loss but its own sparse one, so with `fit` pass
 * one-hot targets `[batch, C]`; for integer labels use `model.fitDataset(sparseLabelDataset(x, labels, { numClasses
 * }))`, which one-hot encodes each batch. Direct calls and custom loops (`optimizer.minimize`) take class indices as
 * they are, also as plain arrays.
 *
 * The first call of the returned loss reads back the first rows of `yPred` and warns once through core's warning
 * channel when they look like the other kind: `'probabilities-as-logits'` for rows in [0, 1] summing to 1 (a softmax
 * output layer) with `fromLogits: true`, `'logits-as-probabilities'` for values outside [0, 1] with
 * `fromLogits: false`. Later calls look at nothing. `setWarningHandler` of `@softlabels/core` redirects or silences it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { labelSmoothingLoss } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] });
 * model.compile({ optimizer: 'adam', loss: labelSmoothingLoss({ epsilon: 0.1 }) });
 * const x = tf.randomNormal([32, 4]);
 * const y = tf.cast(tf.oneHot(tf.randomUniformInt([32], 0, 3), 3), 'float32');
 * const history = await model.fit(x, y, { epochs: 2, verbose: 0 });
 * console.log(history.history.loss);
 * ```
 */
export function labelSmoothingLoss(
  options?: LabelSmoothingLossOptions,
): (yTrue: TensorInput, yPred: TensorInput) => tf.Scalar {
  const { fromLogits, ...crossEntropyOptions } = prepareLossOptions(options);
  // Only the first call with rows looks at the predictions' kind, so a training loop pays for it once.
  let inspected = false;
  return (trueInput: TensorInput, predictedInput: TensorInput): tf.Scalar =>
    tf.tidy(() => {
      const { yPred, logits, targets, classes } = readFitInputs(trueInput, predictedInput, fromLogits, NAME);
      const loss = labelSmoothingCrossEntropy(logits, targets, crossEntropyOptions);
      inspected ||= warnOnPredictionKind(yPred, classes, fromLogits, NAME);
      return loss;
    });
}
