import * as tf from '@tensorflow/tfjs-core';
import { checkFinite, InvalidArgumentError } from '@softlabels/core';
import type { PreparedGamma } from './focal-options';

/** FLSD-53 (Mukhoti et al. 2020): γ = 5 where the true-class probability is below this, else 3. */
const FLSD_THRESHOLD = 0.2;

/**
 * γ per row for the true-class probabilities `p_y` `[N]`: a number for a constant γ, else a float32 `[N]` tensor.
 * A caller's function must return a tensor of shape `[N]` or `[]`; with `checks` its values must be finite and ≥ 0
 * (one read-back).
 */
export function rowGammas(
  gamma: PreparedGamma,
  trueClassProbability: tf.Tensor1D,
  checks: boolean,
  functionName: string,
): number | tf.Tensor {
  if (gamma.kind === 'constant') return gamma.value;
  if (gamma.kind === 'flsd-53') {
    return tf.where(tf.less(trueClassProbability, FLSD_THRESHOLD), tf.scalar(5), tf.scalar(3));
  }
  const result: unknown = gamma.compute(trueClassProbability);
  const rows = trueClassProbability.shape[0];
  const fits =
    result instanceof tf.Tensor &&
    !result.isDisposed &&
    (result.dtype === 'float32' || result.dtype === 'int32') &&
    (result.rank === 0 || tf.util.arraysEqual(result.shape, [rows]));
  if (!fits) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.gamma',
      value: result,
      expected: `return a live numeric tensor of shape [${rows}] (one γ per row) or a scalar tensor`,
    });
  }
  const values = tf.cast(result as tf.Tensor, 'float32');
  if (checks && values.size > 0) {
    checkFinite(values, 'options.gamma', functionName);
    const smallest = tf.min(values).dataSync()[0] as number;
    if (smallest < 0) {
      throw new InvalidArgumentError({
        functionName,
        parameter: 'options.gamma',
        value: smallest,
        expected: 'return values ≥ 0',
      });
    }
  }
  return values;
}
