import * as tf from '@tensorflow/tfjs-core';

/** The attributes tfjs's convolution kernels share. */
export interface ConvolutionAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function dilationOne(dilations: ConvolutionAttrs['dilations']): boolean {
  if (dilations === undefined) return true;
  return typeof dilations === 'number' ? dilations === 1 : dilations.every((value) => value === 1);
}

/**
 * The geometry of an NHWC float32 convolution of `inShape` by `filterShape`, or undefined for what the kernels leave
 * to tfjs's own (NCHW, dilation, empty tensors).
 */
export function convolutionInfo(
  inShape: number[],
  filterShape: number[],
  attrs: ConvolutionAttrs,
): tf.backend_util.Conv2DInfo | undefined {
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC' || !dilationOne(attrs.dilations)) return undefined;
  if (inShape.length !== 4 || filterShape.length !== 4) return undefined;
  if (inShape.some((size) => size === 0) || filterShape.some((size) => size === 0)) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, left, bottom, right } = info.padInfo;
  if ([top, left, bottom, right].some((value) => !(value >= 0))) return undefined;
  if (info.outHeight <= 0 || info.outWidth <= 0) return undefined;
  return info;
}

/**
 * The padded input a convolution's windows read: tfjs's padding, with extra zero rows and columns after the input where
 * the last windows reach past it (output sizes rounded up, numeric padding of a non-square filter), as tfjs's cpu
 * backend reads zeros there.
 */
export function paddedInput(info: tf.backend_util.Conv2DInfo): {
  height: number;
  width: number;
  padded: boolean;
} {
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left, bottom, right } = info.padInfo;
  const height = Math.max(inHeight + top + bottom, (outHeight - 1) * strideHeight + filterHeight);
  const width = Math.max(inWidth + left + right, (outWidth - 1) * strideWidth + filterWidth);
  return { height, width, padded: height !== inHeight || width !== inWidth };
}
