import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLiveTensor } from '../validation/check-live-tensor';

/** How many values each level of {@link treeSum} adds up. */
const FAN_IN = 4;

/**
 * The sum of every element of `values`, a float32 scalar, computed on the tensor's backend as a tree: each level adds
 * groups of {@link FAN_IN} neighbours (the last group padded with zeros), until one value is left. Every element
 * passes through ⌈log₄ n⌉ small sums instead of one long float32 accumulation (tfjs-backend-wasm's `Sum` adds
 * sequentially in float32, 3–5e-5 relative error at 5·10⁵ values), so the result stays within a few float32 roundings
 * of the exact sum (~1e-7 relative). An empty tensor gives 0 without running a reduction (tfjs-backend-wasm's
 * reductions leave their output unwritten for an empty input), through a pad, so that gradients still reach `values`.
 * The intermediate levels are disposed; only the result is returned.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkLiveTensor } from '../validation/check-live-tensor';
 * import { treeSum } from '@softlabels/core';
 *
 * console.log(tf.tidy(() => treeSum(tf.tensor1d([1, 2, 3, 4, 5])).dataSync()[0])); // 15
 * console.log(tf.tidy(() => treeSum(tf.zeros([0, 3])).dataSync()[0])); // 0
 * ```
 */
export function treeSum(values: tf.Tensor): tf.Tensor {
  checkLiveTensor(values, 'values', 'treeSum');
  if (values.dtype !== 'float32' && values.dtype !== 'int32') {
    throw new InvalidArgumentError({
      functionName: 'treeSum',
      parameter: 'values',
      value: values,
      expected: 'be a float32 or int32 tensor',
      got: `a ${values.dtype} tensor`,
    });
  }
  return tf.tidy(() => {
    if (values.size === 0) return tf.reshape(tf.pad(tf.reshape(values, [0]), [[0, 1]]), []);
    let level = tf.reshape(values, [values.size]);
    while (level.size > 1) {
      const remainder = level.size % FAN_IN;
      const padded = remainder === 0 ? level : tf.pad(level, [[0, FAN_IN - remainder]]);
      level = tf.sum(tf.reshape(padded, [padded.size / FAN_IN, FAN_IN]), 1);
    }
    return tf.reshape(level, []);
  });
}
