import * as tf from '@tensorflow/tfjs-core';
import { checkRank, classCount, ShapeMismatchError, type TensorInput, toTensor } from '@softlabels/core';

/**
 * Probabilities are clipped to [PROBABILITY_FLOOR, 1] before the log on the `fromLogits: false` path (Keras uses the
 * same 1e-7 epsilon), so a saturated softmax output of exactly 0 gives a large finite loss instead of Infinity.
 */
const PROBABILITY_FLOOR = 1e-7;

/** What a `model.compile` loss reads from `(yTrue, yPred)`, by {@link readFitInputs}. */
export interface FitInputs {
  /** yPred as a tensor `[..., C]`. */
  yPred: tf.Tensor;
  /** The logits the loss is computed on: yPred, or log(clip(yPred, 1e-7, 1)) when `fromLogits` is false. */
  logits: tf.Tensor;
  /** yTrue as probabilities of yPred's shape, or as class indices of yPred's leading shape. */
  targets: tf.Tensor;
  classes: number;
}

/**
 * Reads the arguments of a loss for `model.compile`: `yPred` `[..., C]` (rank ≥ 2) and `yTrue` of its shape
 * (one-hot/probabilities) or class indices `[...]` / `[..., 1]` (any dtype holding integers; with one class,
 * `[..., 1]` reads as probabilities). Errors name `yTrue`/`yPred` and `functionName`. Call inside a `tf.tidy`.
 */
export function readFitInputs(
  trueInput: TensorInput,
  predictedInput: TensorInput,
  fromLogits: boolean,
  functionName: string,
): FitInputs {
  const yPred = toTensor(predictedInput, 'yPred', functionName);
  const labelDtype = trueInput instanceof tf.Tensor && trueInput.dtype === 'int32' ? 'int32' : 'float32';
  const yTrue = toTensor(trueInput, 'yTrue', functionName, labelDtype);
  checkRank(yPred, 'yPred', functionName, { min: 2 });
  const classes = classCount(yPred, 'yPred', functionName);
  const leading = yPred.shape.slice(0, -1);
  let targets: tf.Tensor = yTrue;
  if (!tf.util.arraysEqual(yTrue.shape, yPred.shape)) {
    const sparse = tf.util.arraysEqual(yTrue.shape, leading) || tf.util.arraysEqual(yTrue.shape, [...leading, 1]);
    if (!sparse) {
      throw new ShapeMismatchError({
        functionName,
        parameter: 'yTrue',
        actual: yTrue.shape,
        expected:
          `have yPred's shape [${yPred.shape.join(', ')}] (one-hot) or [${leading.join(', ')}] / ` +
          `[${[...leading, 1].join(', ')}] (class indices), with ${classes} classes`,
      });
    }
    targets = tf.reshape(yTrue, leading);
  }
  const logits = fromLogits ? yPred : tf.log(tf.clipByValue(yPred, PROBABILITY_FLOOR, 1));
  return { yPred, logits, targets, classes };
}
