import * as tf from '@tensorflow/tfjs-core';

import { WasmHeapCall } from './wasm-heap-call';

interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

type PoolGradient = 'maxPoolGradient' | 'avgPoolGradient';

function poolGradient(kind: PoolGradient, original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const attrs = args.attrs as unknown as PoolAttrs;
    const shape = input.shape;
    const plain = dy.dtype === 'float32' && input.dtype === 'float32' && shape.length === 4 && !shape.includes(0);
    const info = plain
      ? tf.backend_util.computePool2DInfo(
          shape as [number, number, number, number],
          attrs.filterSize,
          attrs.strides,
          1,
          attrs.pad,
          attrs.dimRoundingMode,
        )
      : undefined;
    const call = info === undefined ? undefined : WasmHeapCall.open(args.backend, dy, original.kernelName);
    if (info === undefined || call === undefined) return original.kernelFunc(args);
    return call.run(() => {
      const out = call.output([...shape]);
      const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
      const geometry = [
        batchSize,
        inHeight,
        inWidth,
        inChannels,
        outHeight,
        outWidth,
        info.filterHeight,
        info.filterWidth,
        info.strideHeight,
        info.strideWidth,
        info.padInfo.top,
        info.padInfo.left,
      ] as const;
      const average = kind === 'avgPoolGradient' ? 1 : 0;
      call.kernels.poolGradient(average, call.address(input), call.address(dy), call.address(out), ...geometry);
      return out;
    });
  };
}

/**
 * The replacement of tfjs-backend-wasm's `MaxPoolGrad` (float32 NHWC): each output's upstream gradient goes to the
 * first maximum of its window (row-major order), as tfjs's cpu backend and PyTorch place it; overlapping windows add.
 */
export function createMaxPoolGradKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return poolGradient('maxPoolGradient', original);
}

/**
 * The replacement of tfjs-backend-wasm's `AvgPoolGrad` (float32 NHWC): each output's upstream gradient is spread over
 * the in-bounds cells of its window, divided by their number — the exact gradient of tfjs's average pool, which
 * averages over in-bounds cells (tfjs's own gradient kernels divide by the whole window also where `'same'` padding
 * cuts it, and so differ at the borders).
 */
export function createAvgPoolGradKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return poolGradient('avgPoolGradient', original);
}
