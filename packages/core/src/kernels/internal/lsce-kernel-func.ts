import type * as tf from '@tensorflow/tfjs-core';

import type { LabelSmoothingCrossEntropyAttrs } from '../label-smoothing-cross-entropy-kernel';
import { lsceForwardBackward } from '../lsce-forward-backward';
import { createRowLossKernelFunc } from './row-loss-kernel-func';

/**
 * The kernel function of `LabelSmoothingCrossEntropyKernel` on `backendName`: one `lsceForwardBackward` pass over the
 * backend's own memory (see `createRowLossKernelFunc`).
 */
export function createLsceKernelFunc(backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  return createRowLossKernelFunc(backendName, (views, attrs) => {
    const { epsilon, reduction, classWeights, prior, ignoreIndex } =
      attrs as unknown as LabelSmoothingCrossEntropyAttrs;
    return lsceForwardBackward({
      logits: views.logits,
      rows: views.rows,
      classes: views.classes,
      ...(views.labels === undefined
        ? { targets: views.targets as Float32Array }
        : { labels: views.labels, ignoreIndex }),
      epsilon,
      classWeights: classWeights === undefined ? undefined : Float32Array.from(classWeights),
      prior: prior === undefined ? undefined : Float32Array.from(prior),
      reduction,
      outputs: { gradient: views.gradient, ...(views.loss === undefined ? {} : { loss: views.loss }) },
    }).reduced;
  });
}
