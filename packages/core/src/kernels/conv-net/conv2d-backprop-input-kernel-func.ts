import type * as tf from '@tensorflow/tfjs-core';

import { paddedChannels } from './convolution-geometry';
import { type ConvolutionAttrs, convolutionInfo } from './convolution-support';
import { WasmHeapCall } from './wasm-heap-call';
import { WorkerShare } from './worker-share';

interface BackpropInputAttrs extends ConvolutionAttrs {
  inputShape: [number, number, number, number];
}

/**
 * One axis of a stride phase: input positions p + stride·a (a < count) receive the filter taps residue + stride·j
 * (j < taps), reading upstream positions first + a − j.
 */
interface PhaseAxis {
  count: number;
  residue: number;
  taps: number;
  first: number;
}

function phaseAxis(phase: number, stride: number, size: number, filter: number, pad: number): PhaseAxis {
  const count = phase < size ? Math.ceil((size - phase) / stride) : 0;
  const residue = (phase + pad) % stride;
  const taps = residue < filter ? Math.ceil((filter - residue) / stride) : 0;
  return { count, residue, taps, first: (phase + pad - residue) / stride };
}

/** Rows of zero padding the upstream gradient needs before and after, so that every phase reads inside it. */
function upstreamPadding(axes: PhaseAxis[], outSize: number): [number, number] {
  let before = 0;
  let after = 0;
  for (const axis of axes) {
    if (axis.count === 0 || axis.taps === 0) continue;
    before = Math.max(before, axis.taps - 1 - axis.first);
    after = Math.max(after, axis.first + axis.count - 1 - (outSize - 1));
  }
  return [before, after];
}

/**
 * The replacement of tfjs-backend-wasm's `Conv2DBackpropInput` (NHWC float32, dilation 1): the input gradient
 * dx[n, y, x, ci] = Σ dy[n, oy, ox, co] · w[kh, kw, ci, co] over oy·s − top + kh = y (and likewise x), run by the SIMD
 * convolution kernel once per stride phase (py, px): those input pixels receive only the taps kh ≡ py + top (mod s),
 * so no product is spent on zeros; the phase's rows are written in place through an output table. Large calls give the
 * last images to a worker thread. Anything else goes to `original`.
 */
export function createConv2DBackpropInputKernelFunc(original: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as BackpropInputAttrs;
    const info =
      dy.dtype === 'float32' && filter.dtype === 'float32'
        ? convolutionInfo(attrs.inputShape, filter.shape, attrs)
        : undefined;
    const call = info === undefined ? undefined : WasmHeapCall.open(args.backend, dy, original.kernelName);
    if (info === undefined || call === undefined) return original.kernelFunc(args);
    return call.run(() => {
      const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
      const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
      const { top, left } = info.padInfo;
      const out = call.output([...attrs.inputShape]);
      const rowsY = Array.from({ length: strideHeight }, (_, p) =>
        phaseAxis(p, strideHeight, inHeight, filterHeight, top),
      );
      const rowsX = Array.from({ length: strideWidth }, (_, p) =>
        phaseAxis(p, strideWidth, inWidth, filterWidth, left),
      );
      const [padTop, padBottom] = upstreamPadding(rowsY, outHeight);
      const [padLeft, padRight] = upstreamPadding(rowsX, outWidth);
      const height = outHeight + padTop + padBottom;
      const width = outWidth + padLeft + padRight;
      const columns = paddedChannels(inChannels);
      const maxPixels = batchSize * Math.max(...rowsY.map((a) => a.count)) * Math.max(...rowsX.map((a) => a.count));
      const maxTaps = Math.max(...rowsY.map((a) => a.taps)) * Math.max(...rowsX.map((a) => a.taps)) * outChannels;
      const source = call.scratch(batchSize * height * width * outChannels * 4);
      const pixelTable = call.scratch(maxPixels * 4);
      const outTable = call.scratch(maxPixels * 4);
      const tapTable = call.scratch(Math.max(1, maxTaps) * 4);
      const weightRows = call.scratch(Math.max(1, maxTaps) * columns * 4);
      const kernels = call.kernels;
      kernels.padInto(
        call.address(dy),
        batchSize,
        outHeight,
        outWidth,
        outChannels,
        source,
        height,
        width,
        padTop,
        padLeft,
      );
      const pixelBytes = outChannels * 4;
      const imageInputs = inHeight * inWidth * inChannels;
      const share = WorkerShare.open(
        batchSize,
        batchSize * inHeight * inWidth * filterHeight * filterWidth * outChannels * inChannels,
        strideHeight * strideWidth,
      );
      // The worker's images (from share.first on): their padded dy and a zeroed dx region in the shared memory.
      const own = share?.first ?? batchSize;
      const workerImages = batchSize - own;
      let sharedSource = 0;
      let sharedOut = 0;
      try {
        if (share !== undefined) {
          const imageFloats = height * width * outChannels;
          sharedSource = share.allocate(workerImages * imageFloats * 4);
          sharedOut = share.allocate(workerImages * imageInputs * 4);
          share
            .floats(sharedSource, workerImages * imageFloats)
            .set(call.floats(source + own * imageFloats * 4, workerImages * imageFloats));
          share.floats(sharedOut, workerImages * imageInputs).fill(0);
        }
        for (let py = 0; py < strideHeight; py += 1) {
          for (let px = 0; px < strideWidth; px += 1) {
            const ay = rowsY[py] as PhaseAxis;
            const ax = rowsX[px] as PhaseAxis;
            const pixels = batchSize * ay.count * ax.count;
            if (pixels === 0) continue;
            const taps = ay.taps * ax.taps * outChannels;
            const bases = call.ints(pixelTable, pixels);
            const targets = call.ints(outTable, pixels);
            let m = 0;
            for (let n = 0; n < batchSize; n += 1) {
              for (let a = 0; a < ay.count; a += 1) {
                const row = (n * height + ay.first + a + padTop) * width + ax.first + padLeft;
                const outRow = (n * inHeight + py + strideHeight * a) * inWidth + px;
                for (let b = 0; b < ax.count; b += 1) {
                  bases[m] = (row + b) * pixelBytes;
                  targets[m] = (outRow + strideWidth * b) * inChannels * 4;
                  m += 1;
                }
              }
            }
            if (taps === 0) {
              // No tap reaches these input pixels: their gradient is zero.
              const dx = call.floats(call.address(out), batchSize * imageInputs);
              for (let index = 0; index < own * ay.count * ax.count; index += 1) {
                const at = (targets[index] as number) / 4;
                dx.fill(0, at, at + inChannels);
              }
              continue;
            }
            const offsets = call.ints(tapTable, taps);
            const rows = call.floats(weightRows, taps * columns);
            const weights = call.floats(call.address(filter), filterHeight * filterWidth * inChannels * outChannels);
            rows.fill(0);
            let k = 0;
            for (let jy = 0; jy < ay.taps; jy += 1) {
              for (let jx = 0; jx < ax.taps; jx += 1) {
                const kh = ay.residue + strideHeight * jy;
                const kw = ax.residue + strideWidth * jx;
                const from = (kh * filterWidth + kw) * inChannels * outChannels;
                for (let co = 0; co < outChannels; co += 1) {
                  offsets[k] = (-jy * width - jx) * pixelBytes + co * 4;
                  for (let ci = 0; ci < inChannels; ci += 1) {
                    rows[k * columns + ci] = weights[from + ci * outChannels + co] as number;
                  }
                  k += 1;
                }
              }
            }
            const imagePixels = ay.count * ax.count;
            if (share !== undefined) {
              // Offsets are relative to a source's (and an output's) first image: the first entries serve the worker.
              const rows = workerImages * imagePixels;
              const at = {
                pixels: share.allocate(rows * 4),
                targets: share.allocate(rows * 4),
                taps: share.allocate(taps * 4),
                weights: share.allocate(taps * columns * 4),
              };
              share.ints(at.pixels, rows).set(call.ints(pixelTable, rows));
              share.ints(at.targets, rows).set(call.ints(outTable, rows));
              share.ints(at.taps, taps).set(call.ints(tapTable, taps));
              share.floats(at.weights, taps * columns).set(call.floats(weightRows, taps * columns));
              share.post('convForward', [
                sharedSource,
                at.pixels,
                rows,
                at.taps,
                taps,
                at.weights,
                inChannels,
                columns,
                0,
                0,
                sharedOut,
                at.targets,
              ]);
            }
            kernels.convForward(
              source,
              pixelTable,
              own * imagePixels,
              tapTable,
              taps,
              weightRows,
              inChannels,
              columns,
              0,
              0,
              call.address(out),
              outTable,
            );
          }
        }
        if (share !== undefined) {
          share.finish();
          const length = workerImages * imageInputs;
          call.floats(call.address(out) + own * imageInputs * 4, length).set(share.floats(sharedOut, length));
        }
      } finally {
        share?.release();
      }
      return out;
    });
  };
}
