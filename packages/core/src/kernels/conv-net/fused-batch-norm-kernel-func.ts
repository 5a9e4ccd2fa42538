import * as tf from '@tensorflow/tfjs-core';

import { WasmHeapCall } from './wasm-heap-call';

const size = (info: tf.TensorInfo): number => tf.util.sizeFromShape(info.shape);

/**
 * The replacement of tfjs-backend-wasm's `FusedBatchNorm` when every statistic and parameter holds one float32 value
 * per channel (the last axis): out = (x − mean) · γ/√(σ² + ε) + β in one SIMD pass, γ/√(σ² + ε) computed once per
 * channel. Other broadcasts go to `original`.
 */
export function createFusedBatchNormKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x, mean, variance, offset, scale } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const { varianceEpsilon } = args.attrs as unknown as { varianceEpsilon: number };
    const input = x as tf.TensorInfo;
    const channels = input.shape[input.shape.length - 1] ?? 0;
    const perChannel = [mean, variance, offset, scale].every(
      (info) => info === undefined || (info.dtype === 'float32' && size(info) === channels),
    );
    const fits =
      input.dtype === 'float32' && input.shape.length >= 2 && channels > 0 && perChannel && size(input) > channels;
    const call =
      fits && mean !== undefined && variance !== undefined
        ? WasmHeapCall.open(args.backend, input, original.kernelName)
        : undefined;
    if (call === undefined) return original.kernelFunc(args);
    return call.run(() => {
      const out = call.output([...input.shape]);
      const factor = call.scratch(channels * 4);
      const shift = call.scratch(channels * 4);
      const bias = call.scratch(channels * 4);
      const factors = call.floats(factor, channels);
      const variances = call.floats(call.address(variance as tf.TensorInfo), channels);
      const gammas = scale === undefined ? undefined : call.floats(call.address(scale), channels);
      for (let c = 0; c < channels; c += 1) {
        factors[c] = (gammas?.[c] ?? 1) / Math.sqrt((variances[c] as number) + varianceEpsilon);
      }
      call.floats(shift, channels).set(call.floats(call.address(mean as tf.TensorInfo), channels));
      const offsets = call.floats(bias, channels);
      if (offset === undefined) offsets.fill(0);
      else offsets.set(call.floats(call.address(offset), channels));
      call.kernels.normalizeRows(
        call.address(input),
        size(input) / channels,
        channels,
        shift,
        factor,
        bias,
        call.address(out),
      );
      return out;
    });
  };
}
