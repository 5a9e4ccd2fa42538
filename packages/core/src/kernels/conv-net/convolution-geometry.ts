/** A multiple of 4 at least `channels`: the row width of filter and gradient rows the kernels load whole vectors of. */
export function paddedChannels(channels: number): number {
  return Math.ceil(channels / 4) * 4;
}

/**
 * Writes the byte offset of each output pixel's receptive field, (n, y, x) in row-major order, into an NHWC input of
 * `height` × `width` × `channels` (already padded): ((n·height + y·strideY)·width + x·strideX)·channels·4.
 */
export function writePixelOffsets(
  target: Int32Array,
  images: number,
  outHeight: number,
  outWidth: number,
  strideY: number,
  strideX: number,
  height: number,
  width: number,
  channels: number,
): void {
  let at = 0;
  for (let n = 0; n < images; n += 1) {
    for (let y = 0; y < outHeight; y += 1) {
      const row = (n * height + y * strideY) * width * channels * 4;
      const step = strideX * channels * 4;
      for (let x = 0; x < outWidth; x += 1) {
        target[at] = row + x * step;
        at += 1;
      }
    }
  }
}

/**
 * Writes the byte offset of each filter tap (kh, kw, c), in the filter's row-major order, from a receptive field's
 * corner in an NHWC input `width` pixels wide with `channels` channels: ((kh·width + kw)·channels + c)·4.
 */
export function writeTapOffsets(
  target: Int32Array,
  filterHeight: number,
  filterWidth: number,
  channels: number,
  width: number,
): void {
  let at = 0;
  for (let kh = 0; kh < filterHeight; kh += 1) {
    for (let kw = 0; kw < filterWidth; kw += 1) {
      for (let c = 0; c < channels; c += 1) {
        target[at] = ((kh * width + kw) * channels + c) * 4;
        at += 1;
      }
    }
  }
}

/** Copies `rows` rows of `width` floats into rows of `paddedWidth` floats, zero-filling the extra columns. */
export function padRows(source: Float32Array, target: Float32Array, rows: number, width: number, paddedWidth: number) {
  if (width === paddedWidth) {
    target.set(source.subarray(0, rows * width));
    return;
  }
  for (let row = 0; row < rows; row += 1) {
    const to = row * paddedWidth;
    target.set(source.subarray(row * width, (row + 1) * width), to);
    target.fill(0, to + width, to + paddedWidth);
  }
}
