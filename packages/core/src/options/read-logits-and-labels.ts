import * as tf from '@tensorflow/tfjs-core';

import { checkRank, checkShape, classCount } from '../validation/check-shape';
import { checkFinite, checkLabels } from '../validation/check-values';
import { checkName } from '../validation/check-names';
import { checkNumber } from '../validation/check-number';
import { type TensorInput, toTensor } from '../validation/to-tensor';
import { checkBoolean } from './check-boolean';
import { readOptions } from './read-options';

const NAME = 'readLogitsAndLabels';

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
  checkName(functionName, 'functionName', NAME);
  const record = readOptions(options, ['logitsName', 'labelsName', 'checks', 'ignoreIndex'], NAME);
  const logitsName: unknown = record.logitsName ?? 'logits';
  const labelsName: unknown = record.labelsName ?? 'labels';
  checkName(logitsName, 'options.logitsName', NAME);
  checkName(labelsName, 'options.labelsName', NAME);
  const checks = checkBoolean(record.checks, true, 'options.checks', NAME);
  const ignoreIndex =
    record.ignoreIndex === undefined
      ? undefined
      : checkNumber(record.ignoreIndex, 'options.ignoreIndex', NAME, { integer: true });
  const created: tf.Tensor[] = [];
  try {
    return readBoth(logits, labels, functionName, { logitsName, labelsName, checks, ignoreIndex }, created);
  } catch (error) {
    for (const tensor of created) tensor.dispose();
    throw error;
  }
}

/** Labels as int32; the float32 copy made while reading them is disposed (a tensor passed in is kept). */
function castLabels(read: tf.Tensor, input: unknown): tf.Tensor {
  const labels = tf.cast(read, 'int32');
  if (read !== input) read.dispose();
  return labels;
}

/** Reads both arguments, collecting every tensor it creates in `created` (the caller disposes them on failure). */
function readBoth(
  logits: TensorInput,
  labels: TensorInput,
  functionName: string,
  options: { logitsName: string; labelsName: string; checks: boolean; ignoreIndex: number | undefined },
  created: tf.Tensor[],
): LogitsAndLabels {
  const { logitsName, labelsName, checks, ignoreIndex } = options;
  const own = (tensor: tf.Tensor, input: unknown): tf.Tensor => {
    if (tensor !== input) created.push(tensor);
    return tensor;
  };
  const z = own(toTensor(logits, logitsName, functionName, 'float32'), logits);
  checkRank(z, logitsName, functionName, { min: 2 });
  const classes = classCount(z, logitsName, functionName);
  const leading = z.shape.slice(0, -1);
  // Labels keep their values until checked: a cast to int32 first would hide non-integers.
  const labelDtype = labels instanceof tf.Tensor && labels.dtype === 'int32' ? 'int32' : 'float32';
  const y = own(toTensor(labels, labelsName, functionName, labelDtype), labels);
  checkShape(y.shape, leading, labelsName, functionName, `the ${logitsName}' leading axes`);
  if (checks) {
    checkFinite(z, logitsName, functionName);
    checkLabels(y, classes, labelsName, functionName, ignoreIndex === undefined ? {} : { ignoreIndex });
  }
  return {
    logits: z,
    labels: y.dtype === 'int32' ? y : castLabels(y, labels),
    classes,
    rows: tf.util.sizeFromShape(leading),
  };
}
