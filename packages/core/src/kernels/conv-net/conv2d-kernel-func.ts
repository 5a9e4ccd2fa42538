import * as tf from '@tensorflow/tfjs-core';

import { paddedChannels } from './convolution-geometry';
import { prepareConvolutionInput, shareConvolutionInput } from './convolution-input';
import { type ConvolutionAttrs, convolutionInfo } from './convolution-support';
import { WasmHeapCall } from './wasm-heap-call';
import { WorkerShare } from './worker-share';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface FusedAttrs extends ConvolutionAttrs {
  activation?: string;
}

/**
 * Runs `out = act(conv(x, filter) + bias)` on tfjs's heap with the SIMD convolution kernel: x padded into scratch when
 * the padding is not zero, the filter read in place (or copied to rows of a multiple of 4 channels), the output
 * written straight into a new tensor. Large calls give a worker thread the last images (copied into its shared memory)
 * while the calling thread runs the first ones in place. Returns undefined (nothing allocated) when `info` was
 * undefined.
 */
export function runConvolution(
  kernel: string,
  args: KernelArgs,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  relu: boolean,
  info: tf.backend_util.Conv2DInfo | undefined,
): tf.TensorInfo | undefined {
  if (info === undefined) return undefined;
  const call = WasmHeapCall.open(args.backend, x, kernel);
  if (call === undefined) return undefined;
  return call.run(() => {
    const { batchSize, outHeight, outWidth, outChannels } = info;
    const out = call.output([batchSize, outHeight, outWidth, outChannels]);
    const prepared = prepareConvolutionInput(call, info, x);
    const { address: input, pixelTable, tapTable, pixels, imagePixels, taps } = prepared;
    const columns = paddedChannels(outChannels);
    const packed = columns !== outChannels ? call.scratch(taps * columns * 4) : 0;
    const biasRow = bias !== undefined ? call.scratch(columns * 4) : 0;
    // Views only after the last allocation (allocating may move the heap).
    if (packed !== 0) {
      const weights = call.floats(call.address(filter), taps * outChannels);
      const rows = call.floats(packed, taps * columns);
      rows.fill(0);
      for (let k = 0; k < taps; k += 1) rows.set(weights.subarray(k * outChannels, (k + 1) * outChannels), k * columns);
    }
    if (biasRow !== 0 && bias !== undefined) {
      const row = call.floats(biasRow, columns);
      row.fill(0);
      row.set(call.floats(call.address(bias), outChannels));
    }
    const kernels = call.kernels;
    const weights = packed !== 0 ? packed : call.address(filter);
    const share = WorkerShare.open(batchSize, pixels * taps * outChannels);
    try {
      // The worker's images (from share.first on) are copied into the shared memory and posted first.
      const own = share?.first ?? batchSize;
      let sharedOut = 0;
      if (share !== undefined) {
        const shared = shareConvolutionInput(call, share, prepared);
        const weightsAt = share.allocate(taps * columns * 4);
        const biasAt = biasRow !== 0 ? share.allocate(columns * 4) : 0;
        sharedOut = share.allocate(shared.rows * outChannels * 4);
        share.floats(weightsAt, taps * columns).set(call.floats(weights, taps * columns));
        if (biasAt !== 0) share.floats(biasAt, columns).set(call.floats(biasRow, columns));
        share.post('convForward', [
          shared.source,
          shared.pixels,
          shared.rows,
          shared.taps,
          taps,
          weightsAt,
          outChannels,
          columns,
          biasAt,
          relu ? 1 : 0,
          sharedOut,
          0,
        ]);
      }
      kernels.convForward(
        input,
        pixelTable,
        own * imagePixels,
        tapTable,
        taps,
        weights,
        outChannels,
        columns,
        biasRow,
        relu ? 1 : 0,
        call.address(out),
        0,
      );
      if (share !== undefined) {
        share.finish();
        const length = (batchSize - own) * imagePixels * outChannels;
        call
          .floats(call.address(out) + own * imagePixels * outChannels * 4, length)
          .set(share.floats(sharedOut, length));
      }
    } finally {
      share?.release();
    }
    return out;
  });
}

function float32(...infos: Array<tf.TensorInfo | undefined>): boolean {
  return infos.every((info) => info === undefined || info.dtype === 'float32');
}

/** The replacement of tfjs-backend-wasm's `Conv2D`: NHWC float32, dilation 1; anything else goes to `original`. */
export function createConv2DKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvolutionAttrs;
    const info = float32(x, filter) ? convolutionInfo(x.shape, filter.shape, attrs) : undefined;
    return runConvolution(original.kernelName, args, x, filter, undefined, false, info) ?? original.kernelFunc(args);
  };
}

/**
 * The replacement of tfjs-backend-wasm's `FusedConv2D`: NHWC float32, dilation 1, a bias of one value per output
 * channel (or none), activation linear or relu; anything else goes to `original`.
 */
export function createFusedConv2DKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as FusedAttrs;
    const activation = attrs.activation ?? 'linear';
    const input = x as tf.TensorInfo;
    const weights = filter as tf.TensorInfo;
    const outChannels = weights.shape[3];
    const biasFits = bias === undefined || tf.util.sizeFromShape(bias.shape) === outChannels;
    const supported =
      (activation === 'linear' || activation === 'relu') &&
      preluActivationWeights === undefined &&
      biasFits &&
      float32(input, weights, bias);
    const info = supported ? convolutionInfo(input.shape, weights.shape, attrs) : undefined;
    return (
      runConvolution(original.kernelName, args, input, weights, bias, activation === 'relu', info) ??
      original.kernelFunc(args)
    );
  };
}
