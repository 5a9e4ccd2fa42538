import * as tf from '@tensorflow/tfjs-core';
import { rowsLookLikeProbabilities, warnOnce } from '@softlabels/core';

/** The rows read back to tell probabilities from logits: a prefix tells them apart as well as the whole batch. */
const PREFIX_ROWS = 64;

/**
 * Warns once (core's warning channel) when `yPred` of `labelSmoothingLoss` looks like the other kind than
 * `fromLogits` says: probabilities (every row in [0, 1], summing to 1: a softmax output layer) read as logits, or
 * logits read as probabilities. Reads back the first rows of `yPred` `[..., C]`; returns whether there were rows to
 * look at (an empty batch tells nothing).
 */
export function warnOnPredictionKind(
  yPred: tf.Tensor,
  classes: number,
  fromLogits: boolean,
  functionName: string,
): boolean {
  const rows = tf.util.sizeFromShape(yPred.shape.slice(0, -1));
  if (rows === 0) return false;
  if (classes < 2) return true;
  const prefix = tf.tidy(() =>
    tf.slice(tf.reshape(yPred, [rows, classes]), [0, 0], [Math.min(rows, PREFIX_ROWS), classes]).dataSync(),
  );
  const probabilities = rowsLookLikeProbabilities(prefix, classes);
  if (fromLogits && probabilities) {
    warnOnce({
      code: 'probabilities-as-logits',
      functionName,
      message:
        'yPred looks like probabilities (values in [0, 1], rows summing to 1), as from a softmax output layer, but ' +
        'fromLogits is true, so they are softmaxed again and the loss trains towards the wrong target: pass ' +
        '{ fromLogits: false }, or remove the softmax activation so that the model outputs logits.',
    });
  } else if (!fromLogits && !probabilities && prefix.some((value) => value < 0 || value > 1)) {
    warnOnce({
      code: 'logits-as-probabilities',
      functionName,
      message:
        'yPred holds values outside [0, 1], as logits do, but fromLogits is false, so they are clipped to ' +
        '[1e-7, 1] and read as probabilities: drop { fromLogits: false } for a model that outputs logits.',
    });
  }
  return true;
}
