import * as tf from '@tensorflow/tfjs-core';
import { checkLabels, checkNumber, type TensorInput, toTensor } from '@softlabels/core';
import { prepareSmoothLabelsOptions } from './internal/prepare-smooth-labels-options';
import type { SmoothLabelsOptions } from './smooth-labels-options';

const NAME = 'smoothLabels';

/** Class indices are int32: the largest class count they can index. */
const MAX_CLASSES = 2 ** 31 - 1;

/**
 * Turns class indices of any shape `[...]` into smoothed target distributions `[..., numClasses]`:
 * (1−ε)·onehot(y) + ε·prior (uniform prior: the true class gets 1−ε+ε/C, every other class ε/C). These are the
 * targets `labelSmoothingCrossEntropy` uses internally without class weights.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-wasm';
 * import { smoothLabels } from '@softlabels/smoothing';
 *
 * await tf.setBackend('wasm');
 *
 * const targets = smoothLabels([0, 2], 3, { epsilon: 0.3 });
 * console.log(targets.arraySync()); // [[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]
 * ```
 */
export function smoothLabels(labels: TensorInput, numClasses: number, options?: SmoothLabelsOptions): tf.Tensor {
  return tf.tidy(() => {
    const classes = checkNumber(numClasses, 'numClasses', NAME, { min: 1, max: MAX_CLASSES, integer: true });
    const { epsilon, prior, checks } = prepareSmoothLabelsOptions(options, classes);
    const labelDtype = labels instanceof tf.Tensor && labels.dtype === 'int32' ? 'int32' : 'float32';
    const indices = toTensor(labels, 'labels', NAME, labelDtype);
    if (checks) checkLabels(indices, classes, 'labels', NAME);
    // tf.oneHot refuses depth 1; comparing against the class range works for every C.
    const column = tf.reshape(tf.cast(indices, 'int32'), [indices.size, 1]);
    const oneHot = tf.cast(tf.equal(column, tf.range(0, classes, 1, 'int32')), 'float32');
    const towards = prior === null ? tf.scalar(epsilon / classes) : tf.mul(tf.tensor1d(prior), epsilon);
    return tf.reshape(tf.add(tf.mul(oneHot, 1 - epsilon), towards), [...indices.shape, classes]);
  });
}
