import * as tf from '@tensorflow/tfjs-core';

import { checkRank, checkShape, classCount } from '../validation/check-shape';
import { checkFinite, checkLabels } from '../validation/check-values';
import { type TensorInput, toTensor } from '../validation/to-tensor';

/** Options of {@link readLogitsAndLabels}. */
export interface ReadLogitsAndLabelsOptions {
  /** The logits' name in errors (default `'logits'`). */
  logitsName?: string;
  /** The labels' name in errors (default `'labels'`). */
  labelsName?: string;
  /**
   * Check the logits for NaN and ±∞ and the labels for non-integer or out-of-range values (default true); the shapes
   * are always checked.
   */
  checks?: boolean;
  /** A label value that marks rows to skip; it passes the label check although it is out of range. */
  ignoreIndex?: number;
}

/** What {@link readLogitsAndLabels} returns: tensors owned by the caller's `tf.tidy` scope. */
export interface LogitsAndLabels {
  /** float32 logits, `[..., C]`. */
  logits: tf.Tensor;
  /** int32 class indices of the logits' leading shape `[...]`. */
  labels: tf.Tensor;
  /** C, the size of the last axis. */
  classes: number;
  /** The number of rows, the product of the leading shape. */
  rows: number;
}

/**
 * The shared start of every function that takes logits and class-index labels: converts both to tensors, checks the
 * logits' rank (≥ 2) and class axis, that the labels have the logits' leading shape and (with `checks`) that logits
 * are finite and labels are integers in `[0, C)`. Errors name the argument and the function. Call it inside
 * `tf.tidy`: the tensors it creates belong to the caller's scope.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-cpu';
 * import { readLogitsAndLabels } from '@softlabels/core';
 *
 * await tf.setBackend('cpu');
 * const { classes, rows } = tf.tidy(() => {
 *   const read = readLogitsAndLabels([[2, 0.5, -1], [0, 0, 3]], [0, 2], 'myLoss');
 *   return { classes: read.classes, rows: read.rows };
 * });
 * console.log(classes, rows); // 3 2
 * ```
 */
export function readLogitsAndLabels(
  logits: TensorInput,
  labels: TensorInput,
  functionName: string,
  options: ReadLogitsAndLabelsOptions = {},
): LogitsAndLabels {
  const { logitsName = 'logits', labelsName = 'labels', checks = true, ignoreIndex } = options;
  const z = toTensor(logits, logitsName, functionName, 'float32');
  checkRank(z, logitsName, functionName, { min: 2 });
  const classes = classCount(z, logitsName, functionName);
  const leading = z.shape.slice(0, -1);
  // Labels keep their values until checked: a cast to int32 first would hide non-integers.
  const labelDtype = labels instanceof tf.Tensor && labels.dtype === 'int32' ? 'int32' : 'float32';
  const y = toTensor(labels, labelsName, functionName, labelDtype);
  checkShape(y.shape, leading, labelsName, functionName, `the ${logitsName}' leading axes`);
  if (checks) {
    checkFinite(z, logitsName, functionName);
    checkLabels(y, classes, labelsName, functionName, ignoreIndex === undefined ? {} : { ignoreIndex });
  }
  return {
    logits: z,
    labels: y.dtype === 'int32' ? y : tf.cast(y, 'int32'),
    classes,
    rows: tf.util.sizeFromShape(leading),
  };
}
