import type * as tf from '@tensorflow/tfjs-core';

import type { LabelSmoothingCrossEntropyAttrs } from '../label-smoothing-cross-entropy-kernel';
import { lsceForwardBackward } from '../lsce-forward-backward';
import { hostBackendMemory } from './host-backend-memory';

/**
 * The kernel function of `LabelSmoothingCrossEntropyKernel` on `backendName`: one `lsceForwardBackward` pass over the
 * backend's own memory (logits, labels or targets read in place, the gradient written into the `gradient` input, the
 * per-row losses of `'none'` straight into the output). Errors of the pass (a `SoftlabelsError` for rows it rejects)
 * pass through after the output it made is freed.
 */
export function createLsceKernelFunc(backendName: 'wasm' | 'cpu'): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const memory = hostBackendMemory(backendName, backend);
    const { logits, labels, targets, gradient } = inputs as Record<string, tf.TensorInfo | undefined>;
    const { epsilon, reduction, classWeights, prior, ignoreIndex } =
      attrs as unknown as LabelSmoothingCrossEntropyAttrs;
    // Any rank with the class axis last: rows are the leading axes, read as one [N, C] block.
    const shape = (logits as tf.TensorInfo).shape;
    const leading = shape.slice(0, -1);
    const classes = shape[shape.length - 1] as number;
    const rows = leading.reduce((product, size) => product * size, 1);
    const losses = reduction === 'none' ? memory.makeOutput(leading) : undefined;
    let result: ReturnType<typeof lsceForwardBackward>;
    try {
      // Views are taken after the output was allocated: allocating may move the wasm heap.
      result = lsceForwardBackward({
        logits: memory.view(logits as tf.TensorInfo) as Float32Array,
        rows,
        classes,
        ...(labels === undefined
          ? { targets: memory.view(targets as tf.TensorInfo) as Float32Array }
          : { labels: memory.view(labels) as Int32Array, ignoreIndex }),
        epsilon,
        classWeights: classWeights === undefined ? undefined : Float32Array.from(classWeights),
        prior: prior === undefined ? undefined : Float32Array.from(prior),
        reduction,
        outputs: {
          gradient: memory.view(gradient as tf.TensorInfo) as Float32Array,
          ...(losses === undefined ? {} : { loss: memory.view(losses) as Float32Array }),
        },
      });
    } catch (error) {
      if (losses !== undefined) memory.dispose(losses);
      throw error;
    }
    if (losses !== undefined) return losses;
    const reduced = memory.makeOutput([]);
    memory.view(reduced)[0] = result.reduced as number;
    return reduced;
  };
}
