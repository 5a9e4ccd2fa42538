import * as tf from '@tensorflow/tfjs-core';

import { InvalidArgumentError } from '../../errors/invalid-argument-error';

import { padRows, paddedChannels } from './convolution-geometry';
import { prepareConvolutionInput, shareConvolutionInput } from './convolution-input';
import { type ConvolutionAttrs, convolutionInfo } from './convolution-support';
import { WasmHeapCall } from './wasm-heap-call';
import { WorkerShare } from './worker-share';

interface BackpropFilterAttrs extends ConvolutionAttrs {
  filterShape: [number, number, number, number];
}

/**
 * The `Conv2DBackpropFilter` kernel for tfjs-backend-wasm (which has none): the filter gradient
 * dw[kh, kw, ci, co] = Σ_{n, y, x} x[n, y·s − top + kh, x·s − left + kw, ci] · dy[n, y, x, co] of an NHWC float32
 * convolution with dilation 1, summed by the SIMD kernel over blocks of pixels on tfjs's heap (large calls: the last
 * images on a worker thread, into a filter of its own added at the end); empty inputs give a
 * zero gradient. What it does not take (NCHW, dilation, other dtypes) throws an `InvalidArgumentError` naming the
 * attribute (there is no tfjs kernel to leave it to).
 */
export function createConv2DBackpropFilterKernelFunc(): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropFilterAttrs;
    if (x.shape.includes(0) || dy.shape.includes(0)) {
      const empty = WasmHeapCall.open(args.backend, x, 'Conv2DBackpropFilter');
      const zeros = empty?.output([...attrs.filterShape]);
      if (empty !== undefined && zeros !== undefined) {
        empty.floats(empty.address(zeros), tf.util.sizeFromShape(attrs.filterShape)).fill(0);
        return zeros;
      }
    }
    const info =
      x.dtype === 'float32' && dy.dtype === 'float32' ? convolutionInfo(x.shape, attrs.filterShape, attrs) : undefined;
    const call = info === undefined ? undefined : WasmHeapCall.open(args.backend, x, 'Conv2DBackpropFilter');
    if (info === undefined || call === undefined) throw unsupported(x, dy, attrs);
    return call.run(() => {
      const { batchSize, outChannels } = info;
      const out = call.output([...attrs.filterShape]);
      const prepared = prepareConvolutionInput(call, info, x);
      const { address: input, pixelTable, tapTable, pixels, imagePixels, taps } = prepared;
      const columns = paddedChannels(outChannels);
      const gradientRows = columns !== outChannels ? call.scratch(pixels * columns * 4) : 0;
      if (gradientRows !== 0) {
        padRows(
          call.floats(call.address(dy), pixels * outChannels),
          call.floats(gradientRows, pixels * columns),
          pixels,
          outChannels,
          columns,
        );
      }
      call.floats(call.address(out), taps * outChannels).fill(0);
      const kernels = call.kernels;
      const gradient = gradientRows !== 0 ? gradientRows : call.address(dy);
      const filterSize = taps * outChannels;
      const share = WorkerShare.open(batchSize, pixels * filterSize);
      try {
        // The worker sums the last images (copied into the shared memory) into a filter of its own.
        const own = share?.first ?? batchSize;
        let sharedFilter = 0;
        if (share !== undefined) {
          const shared = shareConvolutionInput(call, share, prepared);
          const gradientAt = share.allocate(shared.rows * columns * 4);
          sharedFilter = share.allocate(filterSize * 4);
          share
            .floats(gradientAt, shared.rows * columns)
            .set(call.floats(gradient + own * imagePixels * columns * 4, shared.rows * columns));
          share.floats(sharedFilter, filterSize).fill(0);
          share.post('convFilterGradient', [
            shared.source,
            shared.pixels,
            0,
            shared.rows,
            shared.taps,
            taps,
            gradientAt,
            outChannels,
            columns,
            sharedFilter,
          ]);
        }
        kernels.convFilterGradient(
          input,
          pixelTable,
          0,
          own * imagePixels,
          tapTable,
          taps,
          gradient,
          outChannels,
          columns,
          call.address(out),
        );
        if (share !== undefined) {
          share.finish(() => share.floats(sharedFilter, filterSize).fill(0));
          const total = call.floats(call.address(out), filterSize);
          const part = share.floats(sharedFilter, filterSize);
          for (let index = 0; index < filterSize; index += 1)
            total[index] = (total[index] as number) + (part[index] as number);
        }
      } finally {
        share?.release();
      }
      return out;
    });
  };
}

/** The typed error for a call the kernel does not take, naming the first attribute or input it rejects. */
function unsupported(x: tf.TensorInfo, dy: tf.TensorInfo, attrs: BackpropFilterAttrs): InvalidArgumentError {
  const reject = (parameter: string, value: unknown, expected: string): InvalidArgumentError =>
    new InvalidArgumentError({ functionName: 'Conv2DBackpropFilter (wasm)', parameter, value, expected });
  if ((attrs.dataFormat ?? 'NHWC') !== 'NHWC') return reject('attrs.dataFormat', attrs.dataFormat, "be 'NHWC'");
  if (attrs.dilations !== undefined && [attrs.dilations].flat().some((value) => value !== 1))
    return reject('attrs.dilations', attrs.dilations, 'be 1');
  if (x.dtype !== 'float32') return reject('x.dtype', x.dtype, "be 'float32'");
  if (dy.dtype !== 'float32') return reject('dy.dtype', dy.dtype, "be 'float32'");
  return reject('attrs.pad', attrs.pad, 'be non-negative and leave an output of at least one pixel');
}
