import * as tf from '@tensorflow/tfjs-core';
import { rowsLookLikeProbabilities, warnOnce } from '@softlabels/core';

/** The rows read back to tell probabilities from logits: a prefix tells them apart as well as the whole batch. */
const PREFIX_ROWS = 64;

/**
 * Warns once (core's warning channel, code `'probabilities-as-logits'`) when the first rows of `[N, K]` logits look
 * like probabilities (values in [0, 1], rows summing to 1): a model with a softmax output. Softmax of probabilities
 * at temperature T is close to uniform, so the distillation targets (or the student's distribution) say little.
 */
export function warnOnProbabilityLogits(logits: tf.Tensor2D, parameter: string, functionName: string): void {
  const [rows, classes] = logits.shape;
  if (rows === 0 || classes < 2) return;
  const prefix = tf.tidy(() => tf.slice(logits, [0, 0], [Math.min(rows, PREFIX_ROWS), classes]).dataSync());
  if (!rowsLookLikeProbabilities(prefix, classes)) return;
  warnOnce({
    code: 'probabilities-as-logits',
    functionName,
    message:
      `${parameter} look like probabilities (values in [0, 1], rows summing to 1), as from a softmax output layer, ` +
      'but are read as logits and softmaxed again, which flattens them towards uniform: pass the scores before the ' +
      'softmax (remove the activation of the last layer), or the log of the probabilities.',
  });
}
