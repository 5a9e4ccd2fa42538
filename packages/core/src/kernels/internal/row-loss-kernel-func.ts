import type * as tf from '@tensorflow/tfjs-core';

import { hostBackendMemory } from './host-backend-memory';

/** The tensors of one row-loss kernel call, as views of the backend's memory, with the logits read as `[rows, classes]`. */
export interface RowLossViews {
  logits: Float32Array;
  rows: number;
  classes: number;
  /** Index targets (int32, one per row), when given. */
  labels: Int32Array | undefined;
  /** Probability targets `[rows, classes]`, when given. */
  targets: Float32Array | undefined;
  /** The `gradient` input, which the kernel fills. */
  gradient: Float32Array;
  /** The output's memory for `reduction: 'none'` (per-row losses), else undefined. */
  loss: Float32Array | undefined;
}

/**
 * The kernel function of a fused row loss on `backendName` (inputs `{ logits, labels | targets, gradient }`, attrs with
 * a `reduction`): `compute` runs on views of the backend's own memory — logits of any rank with the class axis last
 * read as one `[N, C]` block, the gradient written into the `gradient` input, the per-row losses of `'none'` straight
 * into the output — and returns the reduced loss otherwise. Its errors (a `SoftlabelsError` for rows it rejects) pass
 * through after the output made here is freed.
 */
export function createRowLossKernelFunc(
  backendName: 'wasm' | 'cpu',
  compute: (views: RowLossViews, attrs: tf.NamedAttrMap) => number | undefined,
): tf.KernelFunc {
  return ({ inputs, attrs = {}, backend }) => {
    const memory = hostBackendMemory(backendName, backend);
    const { logits, labels, targets, gradient } = inputs as Record<string, tf.TensorInfo | undefined>;
    const shape = (logits as tf.TensorInfo).shape;
    const leading = shape.slice(0, -1);
    const classes = shape[shape.length - 1] as number;
    const rows = leading.reduce((product, size) => product * size, 1);
    const losses = attrs.reduction === 'none' ? memory.makeOutput(leading) : undefined;
    let reduced: number | undefined;
    try {
      // Views are taken after the output was allocated: allocating may move the wasm heap.
      reduced = compute(
        {
          logits: memory.view(logits as tf.TensorInfo) as Float32Array,
          rows,
          classes,
          labels: labels === undefined ? undefined : (memory.view(labels) as Int32Array),
          targets: targets === undefined ? undefined : (memory.view(targets) as Float32Array),
          gradient: memory.view(gradient as tf.TensorInfo) as Float32Array,
          loss: losses === undefined ? undefined : (memory.view(losses) as Float32Array),
        },
        attrs,
      );
    } catch (error) {
      if (losses !== undefined) memory.dispose(losses);
      throw error;
    }
    if (losses !== undefined) return losses;
    const output = memory.makeOutput([]);
    memory.view(output)[0] = reduced as number;
    return output;
  };
}
