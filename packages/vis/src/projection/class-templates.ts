import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { lastDenseLayer } from '../internal/last-dense-layer';

/**
 * The class templates of a classifier: the weights of its last `Dense` layer with the bias appended, one row per
 * class, shape `[C, D + 1]` (row k is w_k = [kernel[:, k]; bias[k]], so logits are [x; 1]·w_k). A layer without bias
 * gets a zero bias column. Returns a new tensor: dispose it.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { classTemplates } from '@softlabels/vis';
 *
 * const model = tfl.sequential({
 *   layers: [tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 3 })],
 * });
 * const templates = classTemplates(model);
 * console.log(templates.shape); // [3, 9]
 * tf.dispose([templates]);
 * model.dispose();
 * ```
 */
export function classTemplates(model: tfl.LayersModel): tf.Tensor2D {
  const { dense } = lastDenseLayer(model, 'classTemplates');
  const [kernel, bias] = dense.getWeights();
  return tf.tidy(() => {
    const rows = tf.transpose(kernel as tf.Tensor2D);
    const column: tf.Tensor2D =
      bias === undefined ? tf.zeros([rows.shape[0], 1]) : tf.reshape(bias, [rows.shape[0], 1]);
    return tf.concat2d([rows, column], 1);
  });
}
