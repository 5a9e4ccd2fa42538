import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError, ShapeMismatchError, toTensor, type TensorInput } from '@softlabels/core';

/** The targets of a loss on logits `[..., C]`, read by {@link readClassTargets}. */
export interface ClassTargets {
  /** The logits' leading shape (one row per entry). */
  leading: number[];
  /** The number of rows: the product of `leading`. */
  rows: number;
  /** The labels as a tensor: int32 when given as an int32 tensor, float32 otherwise. */
  target: tf.Tensor;
  /** Whether the targets are probabilities `[..., C]` rather than class indices `[...]`. */
  isProbability: boolean;
}

const describeShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Reads the labels of a loss on logits `z`: class indices of the logits' leading shape, or probabilities of their
 * shape; `ignoreIndex` must be unset with probabilities. Errors name `labels` or `options.ignoreIndex` and
 * `functionName`. Call inside a `tf.tidy`.
 */
export function readClassTargets(
  z: tf.Tensor,
  labels: TensorInput,
  ignoreIndex: number | undefined,
  functionName: string,
): ClassTargets {
  const leading = z.shape.slice(0, -1);
  const rows = tf.util.sizeFromShape(leading);
  const labelDtype = labels instanceof tf.Tensor && labels.dtype === 'int32' ? 'int32' : 'float32';
  const target = toTensor(labels, 'labels', functionName, labelDtype);
  const isProbability = tf.util.arraysEqual(target.shape, z.shape);
  if (!isProbability && !tf.util.arraysEqual(target.shape, leading)) {
    throw new ShapeMismatchError({
      functionName,
      parameter: 'labels',
      actual: target.shape,
      expected:
        `have the logits' leading shape ${describeShape(leading)} (class indices) ` +
        `or the logits' shape ${describeShape(z.shape)} (probabilities)`,
    });
  }
  if (isProbability && ignoreIndex !== undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.ignoreIndex',
      value: ignoreIndex,
      expected: 'be left unset with probability targets (only class indices can be ignored)',
    });
  }
  return { leading, rows, target, isProbability };
}
