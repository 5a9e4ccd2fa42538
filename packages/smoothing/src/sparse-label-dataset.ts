import * as tf from '@tensorflow/tfjs-core';
import {
  checkLabels,
  checkLiveTensor,
  checkRank,
  InvalidArgumentError,
  RandomSource,
  ShapeMismatchError,
  type TensorInput,
  toTensor,
} from '@softlabels/core';
import { prepareSparseLabelDatasetOptions } from './internal/prepare-sparse-label-dataset-options';
import type { SparseLabelDatasetOptions } from './sparse-label-dataset-options';

const NAME = 'sparseLabelDataset';

/** One batch of {@link sparseLabelDataset}: inputs `[batch, ...]` and one-hot float32 targets `[batch, C]`. */
export interface SparseLabelBatch {
  xs: tf.Tensor;
  ys: tf.Tensor2D;
}

/**
 * What {@link sparseLabelDataset} returns: the shape of a tfjs-layers `Dataset` that `model.fitDataset` and
 * `model.evaluateDataset` take. `size` is the number of batches per epoch; each `iterator()` is one epoch.
 */
export interface SparseLabelDataset {
  readonly size: number;
  iterator(): Promise<{ next(): Promise<IteratorResult<SparseLabelBatch>> }>;
}

/** The one-hot rows of the labels at `indices`, built on the host. */
function oneHotRows(labels: Int32Array, indices: Int32Array, numClasses: number): tf.Tensor2D {
  const values = new Float32Array(indices.length * numClasses);
  indices.forEach((example, row) => {
    values[row * numClasses + (labels[example] as number)] = 1;
  });
  return tf.tensor2d(values, [indices.length, numClasses]);
}

/**
 * Integer class labels for `model.fitDataset` of `@tensorflow/tfjs-layers`. `model.fit` checks that targets have the
 * model's output shape `[batch, C]`, so it refuses class indices `[batch]` or `[batch, 1]` with a custom loss such as
 * `labelSmoothingLoss`; `fitDataset` does not, and this dataset hands it one batch at a time, with the batch's labels
 * one-hot encoded only then (`[batch, C]` float32), so the full one-hot matrix is never built. The targets are those
 * of `model.fit(inputs, tf.oneHot(labels, C))`, so the loss — and metrics such as `'accuracy'` — are the same; only the
 * order of the examples differs (seeded here). As for any one-hot targets, `labelSmoothingLoss` with `classWeights`
 * and `'mean'` divides by the number of rows, not by the summed weights (see `labelSmoothingCrossEntropy`).
 *
 * `inputs` is a single tensor `[N, ...]` (models with one input); it is read at each batch, so keep it until training
 * ends. `labels` are `N` integer class indices (`[N]` or `[N, 1]`, any numeric dtype, a tensor or a plain array),
 * checked and copied to the host once. fitDataset disposes each batch after its step; if you iterate yourself,
 * dispose `xs` and `ys`. Shuffling draws a fresh seeded order per epoch (at most 2²⁶ examples).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { labelSmoothingLoss, sparseLabelDataset } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const x = tf.randomNormal([64, 4], 0, 1, 'float32', 1);
 * const labels = tf.randomUniformInt([64], 0, 3, { seed: 2 }); // int32 class indices, shape [64]
 * const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3 })] }); // logits out
 * model.compile({ optimizer: 'adam', loss: labelSmoothingLoss({ epsilon: 0.1 }), metrics: ['accuracy'] });
 * const data = sparseLabelDataset(x, labels, { numClasses: 3, batchSize: 16 });
 * const history = await model.fitDataset(data, { epochs: 2, verbose: 0 });
 * console.log(history.history.loss, history.history.acc);
 * ```
 */
export function sparseLabelDataset(
  inputs: tf.Tensor,
  labels: TensorInput,
  options: SparseLabelDatasetOptions,
): SparseLabelDataset {
  checkLiveTensor(inputs, 'inputs', NAME);
  if (inputs.dtype === 'string' || inputs.dtype === 'complex64') {
    throw new InvalidArgumentError({
      functionName: NAME,
      parameter: 'inputs',
      value: inputs,
      expected: 'be a numeric tensor',
      got: `a ${inputs.dtype} tensor`,
    });
  }
  checkRank(inputs, 'inputs', NAME, { min: 1 });
  const { numClasses, batchSize, shuffle, seed } = prepareSparseLabelDatasetOptions(options);
  const examples = inputs.shape[0] as number;
  const hostLabels = tf.tidy(() => {
    const labelTensor = toTensor(labels, 'labels', NAME);
    const sparse =
      tf.util.arraysEqual(labelTensor.shape, [examples]) || tf.util.arraysEqual(labelTensor.shape, [examples, 1]);
    if (!sparse) {
      throw new ShapeMismatchError({
        functionName: NAME,
        parameter: 'labels',
        actual: labelTensor.shape,
        expected: `have shape [${examples}] or [${examples}, 1]: one class index per row of inputs`,
      });
    }
    return Int32Array.from(checkLabels(labelTensor, numClasses, 'labels', NAME));
  });
  // RandomSource.permutation's bound, checked here so that the error names this function.
  if (shuffle && examples > RandomSource.MAX_PERMUTATION) {
    throw new ShapeMismatchError({
      functionName: NAME,
      parameter: 'inputs',
      actual: inputs.shape,
      expected: `have at most ${RandomSource.MAX_PERMUTATION} rows with shuffle: true`,
    });
  }
  const random = new RandomSource(seed);
  return {
    size: Math.ceil(examples / batchSize),
    iterator: async () => {
      let order: Int32Array | undefined;
      let start = 0;
      return {
        next: async (): Promise<IteratorResult<SparseLabelBatch>> => {
          // The order is drawn at the first batch: fitDataset also opens an iterator it never reads.
          order ??= shuffle ? random.permutation(examples) : Int32Array.from(hostLabels.keys());
          if (start >= examples) return { done: true, value: undefined };
          checkLiveTensor(inputs, 'inputs', NAME);
          const indices = order.subarray(start, Math.min(start + batchSize, examples));
          start += batchSize;
          const xs = tf.tidy(() => tf.gather(inputs, tf.tensor1d(indices, 'int32')));
          return { done: false, value: { xs, ys: oneHotRows(hostLabels, indices, numClasses) } };
        },
      };
    },
  };
}
