import type * as tf from '@tensorflow/tfjs-core';

import { writePixelOffsets, writeTapOffsets } from './convolution-geometry';
import { paddedInput } from './convolution-support';
import type { WasmHeapCall } from './wasm-heap-call';
import type { WorkerShare } from './worker-share';

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
    call.kernels.padInto(call.address(x), batchSize, inHeight, inWidth, inChannels, source, height, width, top, left);
  }
  return { address: padded ? source : call.address(x), pixelTable, tapTable, pixels, imagePixels, taps, imageFloats };
}

/**
 * Copies the worker's images of `input` (from `share.first` on) into the shared memory with the offset tables, and
 * returns where they lie there. Pixel offsets are relative to a source's first image, so the first images' entries of
 * the table serve the copy.
 */
export function shareConvolutionInput(
  call: WasmHeapCall,
  share: WorkerShare,
  input: ConvolutionInput,
): { source: number; pixels: number; taps: number; rows: number } {
  const { imageFloats, imagePixels, taps } = input;
  const images = input.pixels / imagePixels - share.first;
  const rows = images * imagePixels;
  const at = {
    source: share.allocate(images * imageFloats * 4),
    pixels: share.allocate(rows * 4),
    taps: share.allocate(taps * 4),
  };
  share
    .floats(at.source, images * imageFloats)
    .set(call.floats(input.address + share.first * imageFloats * 4, images * imageFloats));
  share.ints(at.pixels, rows).set(call.ints(input.pixelTable, rows));
  share.ints(at.taps, taps).set(call.ints(input.tapTable, taps));
  return { ...at, rows };
}
