import type * as tf from '@tensorflow/tfjs-core';

import { writePixelOffsets, writeTapOffsets } from './convolution-geometry';
import { paddedInput } from './convolution-support';
import type { WasmHeapCall } from './wasm-heap-call';

/** A convolution's input laid out for the SIMD kernels on tfjs's heap (addresses stay valid until the call's release). */
export interface ConvolutionInput {
  /** Where the (padded) input lies: x itself, or its padded copy in scratch. */
  address: number;
  /** int32 byte offsets of each output pixel's receptive field, images in order. */
  pixelTable: number;
  /** int32 byte offsets of each filter tap from a receptive field's corner. */
  tapTable: number;
  /** Output pixels in all (`pixels`) and per image (`imagePixels`); filter taps; floats per (padded) input image. */
  pixels: number;
  imagePixels: number;
  taps: number;
  imageFloats: number;
}

/**
 * Pads x into scratch where tfjs's padding (or an overhang of the last windows) asks for it and writes the offset
 * tables of the implicit matrix product, for `info`'s geometry.
 */
export function prepareConvolutionInput(
  call: WasmHeapCall,
  info: tf.backend_util.Conv2DInfo,
  x: tf.TensorInfo,
): ConvolutionInput {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { height, width, padded } = paddedInput(info);
  const imagePixels = outHeight * outWidth;
  const pixels = batchSize * imagePixels;
  const taps = filterHeight * filterWidth * inChannels;
  const imageFloats = height * width * inChannels;
  const source = padded ? call.scratch(batchSize * imageFloats * 4) : 0;
  const pixelTable = call.scratch(pixels * 4);
  const tapTable = call.scratch(taps * 4);
  writePixelOffsets(
    call.ints(pixelTable, pixels),
    batchSize,
    outHeight,
    outWidth,
    strideHeight,
    strideWidth,
    height,
    width,
    inChannels,
  );
  writeTapOffsets(call.ints(tapTable, taps), filterHeight, filterWidth, inChannels, width);
  const { top, left } = info.padInfo;
  if (padded) {
    call.kernels.padDilate(
      call.address(x),
      batchSize,
      inHeight,
      inWidth,
      inChannels,
      source,
      height,
      width,
      top,
      left,
      1,
      1,
    );
  }
  return { address: padded ? source : call.address(x), pixelTable, tapTable, pixels, imagePixels, taps, imageFloats };
}
