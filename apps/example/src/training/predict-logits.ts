import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Runs a model over host-side rows in large batches and returns its outputs (logits) as a host array,
 * `[count, classes]` row-major; no tensors outlive the call. Each batch is uploaded from the host and fed to
 * `model.apply` directly: `model.predict` slices its input per 32-row batch, and the wasm backend copies the whole
 * input tensor on every slice.
 *
 * @example
 * ```ts
 * import { RandomSource } from '@softlabels/core';
 * import { createMlp } from './create-mlp';
 * import { predictLogits } from './predict-logits';
 * const model = createMlp({ inputs: 2, hidden: [4], classes: 3, random: new RandomSource(0) });
 * const logits = await predictLogits(model, Float32Array.from([0, 1, 1, 0]), 2); // 6 values
 * ```
 */
export async function predictLogits(
  model: tfl.LayersModel,
  images: Float32Array,
  count: number,
  batchSize = 1024,
): Promise<Float32Array> {
  const features = images.length / count;
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const rows = Math.min(batchSize, count - start);
    const output = tf.tidy(() => {
      const x = tf.tensor2d(images.subarray(start * features, (start + rows) * features), [rows, features]);
      return model.apply(x, { training: false }) as tf.Tensor;
    });
    parts.push((await output.data()) as Float32Array);
    output.dispose();
  }
  if (parts.length === 1) return parts[0] as Float32Array;
  const out = new Float32Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
