// Convolution and pooling kernels for NHWC float32 tensors (compiled into the same module as softlabels.ts).
//
// A convolution is an implicit matrix product: output pixel m (n, y, x) reads its receptive field from a (padded)
// input at byte offset pixelBase[m], and filter tap k (kh, kw, ci) sits at byte offset kOffset[k] from there, so
//   out[m, co] = Σ_k x[pixelBase[m] + kOffset[k]] · w[k, co].
// The host lays out both offset tables (int32, bytes), so one kernel serves every stride and padding. The input
// gradient runs as the same product, once per stride phase: the input pixels (y, x) with y ≡ py, x ≡ px (mod stride)
// receive only the filter taps of one residue class, read from the padded upstream gradient, and their rows are
// written through an output table.
// Register tiles: 4 pixels × 8 output channels (8 accumulators, two filter vectors, one broadcast lane), or 4 pixels ×
// 4 channels for the last channels. Filter rows and upstream-gradient rows hold `paddedChannels` floats (the channel
// count rounded up to 4, zero-filled by the host), so vector loads never leave a row; outputs are written lane by lane
// at the edges, so nothing past an output is ever written.

@inline
function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** Stores the first `lanes` (1–4) lanes of `v` at `at`. */
@inline
function storeLanes(at: usize, v: v128, lanes: i32): void {
  if (lanes >= 4) {
    v128.store(at, v);
    return;
  }
  store<f32>(at, f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(at, f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(at, f32x4.extract_lane(v, 2), 8);
}

/** Adds the first `lanes` (1–4) lanes of `v` to the floats at `at`. */
@inline
function addLanes(at: usize, v: v128, lanes: i32): void {
  if (lanes >= 4) {
    v128.store(at, f32x4.add(v128.load(at), v));
    return;
  }
  store<f32>(at, load<f32>(at) + f32x4.extract_lane(v, 0));
  if (lanes > 1) store<f32>(at, load<f32>(at, 4) + f32x4.extract_lane(v, 1), 4);
  if (lanes > 2) store<f32>(at, load<f32>(at, 8) + f32x4.extract_lane(v, 2), 8);
}

@inline
function finish(v: v128, relu: i32): v128 {
  return relu !== 0 ? f32x4.pmax(v, f32x4.splat(0)) : v;
}

@inline
function min32(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/**
 * out[m, co] = bias[co] + Σ_k x[pixelBase[m] + kOffset[k]] · w[k, co] for m < pixels, co < channels, then max(·, 0)
 * when `relu` ≠ 0. `w` is [taps, paddedChannels] with zero columns past `channels`; `bias` [paddedChannels] or 0. Row m
 * of the output starts at byte out + outBase[m] when `outBase` ≠ 0 (an int32 table), else out + m·channels·4.
 */
export function convForward(
  x: usize,
  pixelBase: usize,
  pixels: i32,
  kOffset: usize,
  taps: i32,
  w: usize,
  channels: i32,
  paddedChannels: i32,
  bias: usize,
  relu: i32,
  out: usize,
  outBase: usize,
): void {
  const rowBytes = <usize>paddedChannels << 2;
  const outRow = <usize>channels << 2;
  for (let m = 0; m < pixels; m += 4) {
    const last = pixels - 1;
    let q0 = out + <usize>m * outRow;
    let q1 = q0 + outRow;
    let q2 = q1 + outRow;
    let q3 = q2 + outRow;
    if (outBase !== 0) {
      q0 = out + <usize>load<i32>(outBase + (<usize>m << 2));
      q1 = out + <usize>load<i32>(outBase + (<usize>min32(m + 1, last) << 2));
      q2 = out + <usize>load<i32>(outBase + (<usize>min32(m + 2, last) << 2));
      q3 = out + <usize>load<i32>(outBase + (<usize>min32(m + 3, last) << 2));
    }
    const p0 = x + <usize>load<i32>(pixelBase + (<usize>m << 2));
    const p1 = x + <usize>load<i32>(pixelBase + (<usize>min32(m + 1, last) << 2));
    const p2 = x + <usize>load<i32>(pixelBase + (<usize>min32(m + 2, last) << 2));
    const p3 = x + <usize>load<i32>(pixelBase + (<usize>min32(m + 3, last) << 2));
    const rows = min32(4, pixels - m);
    let co = 0;
    for (; co + 8 <= paddedChannels; co += 8) {
      const cb = <usize>co << 2;
      let a0 = bias !== 0 ? v128.load(bias + cb) : f32x4.splat(0);
      let b0 = bias !== 0 ? v128.load(bias + cb, 16) : f32x4.splat(0);
      let a1 = a0,
        a2 = a0,
        a3 = a0;
      let b1 = b0,
        b2 = b0,
        b3 = b0;
      let wk = w + cb;
      for (let k = 0; k < taps; k++) {
        const off = <usize>load<i32>(kOffset + (<usize>k << 2));
        const w0 = v128.load(wk);
        const w1 = v128.load(wk, 16);
        wk += rowBytes;
        let s = v128.load32_splat(p0 + off);
        a0 = madd(a0, s, w0);
        b0 = madd(b0, s, w1);
        s = v128.load32_splat(p1 + off);
        a1 = madd(a1, s, w0);
        b1 = madd(b1, s, w1);
        s = v128.load32_splat(p2 + off);
        a2 = madd(a2, s, w0);
        b2 = madd(b2, s, w1);
        s = v128.load32_splat(p3 + off);
        a3 = madd(a3, s, w0);
        b3 = madd(b3, s, w1);
      }
      const lanesA = min32(4, channels - co);
      const lanesB = min32(4, channels - co - 4);
      storeLanes(q0 + cb, finish(a0, relu), lanesA);
      if (lanesB > 0) storeLanes(q0 + cb + 16, finish(b0, relu), lanesB);
      if (rows > 1) {
        storeLanes(q1 + cb, finish(a1, relu), lanesA);
        if (lanesB > 0) storeLanes(q1 + cb + 16, finish(b1, relu), lanesB);
      }
      if (rows > 2) {
        storeLanes(q2 + cb, finish(a2, relu), lanesA);
        if (lanesB > 0) storeLanes(q2 + cb + 16, finish(b2, relu), lanesB);
      }
      if (rows > 3) {
        storeLanes(q3 + cb, finish(a3, relu), lanesA);
        if (lanesB > 0) storeLanes(q3 + cb + 16, finish(b3, relu), lanesB);
      }
    }
    if (co < paddedChannels) {
      const cb = <usize>co << 2;
      let a0 = bias !== 0 ? v128.load(bias + cb) : f32x4.splat(0);
      let a1 = a0,
        a2 = a0,
        a3 = a0;
      let wk = w + cb;
      for (let k = 0; k < taps; k++) {
        const off = <usize>load<i32>(kOffset + (<usize>k << 2));
        const w0 = v128.load(wk);
        wk += rowBytes;
        a0 = madd(a0, v128.load32_splat(p0 + off), w0);
        a1 = madd(a1, v128.load32_splat(p1 + off), w0);
        a2 = madd(a2, v128.load32_splat(p2 + off), w0);
        a3 = madd(a3, v128.load32_splat(p3 + off), w0);
      }
      const lanes = channels - co;
      storeLanes(q0 + cb, finish(a0, relu), lanes);
      if (rows > 1) storeLanes(q1 + cb, finish(a1, relu), lanes);
      if (rows > 2) storeLanes(q2 + cb, finish(a2, relu), lanes);
      if (rows > 3) storeLanes(q3 + cb, finish(a3, relu), lanes);
    }
  }
}

/** How many pixels the filter gradient sums in registers before adding to the output (accuracy and cache reuse). */
const FILTER_BLOCK: i32 = 256;

/**
 * dw[k, co] += Σ_{first ≤ m < end} x[pixelBase[m] + kOffset[k]] · dy[m, co] for k < taps, co < channels. `dy` rows hold
 * `paddedChannels` floats (zero past `channels`); `dw` is [taps, channels] and is added to (the host zeroes it). Sums
 * run in float32 over blocks of pixels, each block's sum added to `dw`.
 */
export function convFilterGradient(
  x: usize,
  pixelBase: usize,
  first: i32,
  end: i32,
  kOffset: usize,
  taps: i32,
  dy: usize,
  channels: i32,
  paddedChannels: i32,
  dw: usize,
): void {
  const dyRow = <usize>paddedChannels << 2;
  const dwRow = <usize>channels << 2;
  const lastTap = taps - 1;
  for (let start = first; start < end; start += FILTER_BLOCK) {
    const stop = min32(end, start + FILTER_BLOCK);
    for (let k = 0; k < taps; k += 4) {
      const f0 = <usize>load<i32>(kOffset + (<usize>k << 2));
      const f1 = <usize>load<i32>(kOffset + (<usize>min32(k + 1, lastTap) << 2));
      const f2 = <usize>load<i32>(kOffset + (<usize>min32(k + 2, lastTap) << 2));
      const f3 = <usize>load<i32>(kOffset + (<usize>min32(k + 3, lastTap) << 2));
      const rows = min32(4, taps - k);
      const d0 = dw + <usize>k * dwRow;
      let co = 0;
      for (; co + 8 <= paddedChannels; co += 8) {
        const cb = <usize>co << 2;
        let a0 = f32x4.splat(0),
          a1 = a0,
          a2 = a0,
          a3 = a0;
        let b0 = a0,
          b1 = a0,
          b2 = a0,
          b3 = a0;
        let g = dy + <usize>start * dyRow + cb;
        let base = pixelBase + (<usize>start << 2);
        for (let m = start; m < stop; m++) {
          const p = x + <usize>load<i32>(base);
          base += 4;
          const g0 = v128.load(g);
          const g1 = v128.load(g, 16);
          g += dyRow;
          let s = v128.load32_splat(p + f0);
          a0 = madd(a0, s, g0);
          b0 = madd(b0, s, g1);
          s = v128.load32_splat(p + f1);
          a1 = madd(a1, s, g0);
          b1 = madd(b1, s, g1);
          s = v128.load32_splat(p + f2);
          a2 = madd(a2, s, g0);
          b2 = madd(b2, s, g1);
          s = v128.load32_splat(p + f3);
          a3 = madd(a3, s, g0);
          b3 = madd(b3, s, g1);
        }
        const lanesA = min32(4, channels - co);
        const lanesB = min32(4, channels - co - 4);
        const at = d0 + cb;
        addLanes(at, a0, lanesA);
        if (lanesB > 0) addLanes(at + 16, b0, lanesB);
        if (rows > 1) {
          addLanes(at + dwRow, a1, lanesA);
          if (lanesB > 0) addLanes(at + dwRow + 16, b1, lanesB);
        }
        if (rows > 2) {
          addLanes(at + 2 * dwRow, a2, lanesA);
          if (lanesB > 0) addLanes(at + 2 * dwRow + 16, b2, lanesB);
        }
        if (rows > 3) {
          addLanes(at + 3 * dwRow, a3, lanesA);
          if (lanesB > 0) addLanes(at + 3 * dwRow + 16, b3, lanesB);
        }
      }
      if (co < paddedChannels) {
        const cb = <usize>co << 2;
        let a0 = f32x4.splat(0),
          a1 = a0,
          a2 = a0,
          a3 = a0;
        let g = dy + <usize>start * dyRow + cb;
        let base = pixelBase + (<usize>start << 2);
        for (let m = start; m < stop; m++) {
          const p = x + <usize>load<i32>(base);
          base += 4;
          const g0 = v128.load(g);
          g += dyRow;
          a0 = madd(a0, v128.load32_splat(p + f0), g0);
          a1 = madd(a1, v128.load32_splat(p + f1), g0);
          a2 = madd(a2, v128.load32_splat(p + f2), g0);
          a3 = madd(a3, v128.load32_splat(p + f3), g0);
        }
        const lanes = channels - co;
        const at = d0 + cb;
        addLanes(at, a0, lanes);
        if (rows > 1) addLanes(at + dwRow, a1, lanes);
        if (rows > 2) addLanes(at + 2 * dwRow, a2, lanes);
        if (rows > 3) addLanes(at + 3 * dwRow, a3, lanes);
      }
    }
  }
}

/**
 * Copies an NHWC tensor [images, height, width, channels] into a zeroed [images, paddedHeight, paddedWidth, channels]
 * one with `top` rows and `left` columns of zeros before it (and whatever is left after it); the host ensures it fits:
 * top + height ≤ paddedHeight, left + width ≤ paddedWidth, both pads ≥ 0.
 */
export function padInto(
  source: usize,
  images: i32,
  height: i32,
  width: i32,
  channels: i32,
  target: usize,
  paddedHeight: i32,
  paddedWidth: i32,
  top: i32,
  left: i32,
): void {
  const pixelBytes = <usize>channels << 2;
  const rowBytes = <usize>width * pixelBytes;
  memory.fill(target, 0, <usize>images * <usize>paddedHeight * <usize>paddedWidth * pixelBytes);
  for (let n = 0; n < images; n++) {
    for (let y = 0; y < height; y++) {
      const from = source + <usize>(n * height + y) * rowBytes;
      const to = target + (<usize>(n * paddedHeight + top + y) * <usize>paddedWidth + <usize>left) * pixelBytes;
      memory.copy(to, from, rowBytes);
    }
  }
}

/**
 * Max pooling's gradient for one window of `cellsY` × `cellsX` in-bounds cells starting at byte `corner` of x and dx:
 * dy at `g` is added at the first maximum of each channel (row-major window order, strict > from −∞ like tfjs's cpu
 * backend, so NaN never wins and a window of −∞ or NaN passes no gradient).
 */
@inline
function maxWindowGradient(
  x: usize,
  dx: usize,
  g: usize,
  corner: usize,
  cellsY: i32,
  cellsX: i32,
  rowBytes: usize,
  pixelBytes: usize,
  channels: i32,
): void {
  const vectorEnd = channels & ~3;
  for (let c = 0; c < vectorEnd; c += 4) {
    const cb = corner + (<usize>c << 2);
    let best = f32x4.splat(-Infinity);
    let index = i32x4.splat(-1);
    let j = 0;
    for (let wy = 0; wy < cellsY; wy++) {
      let at = x + cb + <usize>wy * rowBytes;
      for (let wx = 0; wx < cellsX; wx++) {
        const v = v128.load(at);
        const more = f32x4.gt(v, best);
        best = v128.bitselect(v, best, more);
        index = v128.bitselect(i32x4.splat(j), index, more);
        at += pixelBytes;
        j++;
      }
    }
    const grad = v128.load(g + (<usize>c << 2));
    j = 0;
    for (let wy = 0; wy < cellsY; wy++) {
      let at = dx + cb + <usize>wy * rowBytes;
      for (let wx = 0; wx < cellsX; wx++) {
        v128.store(at, f32x4.add(v128.load(at), v128.and(grad, i32x4.eq(index, i32x4.splat(j)))));
        at += pixelBytes;
        j++;
      }
    }
  }
  for (let c = vectorEnd; c < channels; c++) {
    const cb = corner + (<usize>c << 2);
    let best: f32 = -Infinity;
    let bestAt: isize = -1;
    for (let wy = 0; wy < cellsY; wy++) {
      let at = cb + <usize>wy * rowBytes;
      for (let wx = 0; wx < cellsX; wx++) {
        const v = load<f32>(x + at);
        if (v > best) {
          best = v;
          bestAt = <isize>at;
        }
        at += pixelBytes;
      }
    }
    if (bestAt >= 0) {
      const to = dx + <usize>bestAt;
      store<f32>(to, load<f32>(to) + load<f32>(g + (<usize>c << 2)));
    }
  }
}

/** Average pooling's gradient for one window: dy at `g` divided by the window's cell count, added to each cell. */
@inline
function averageWindowGradient(
  dx: usize,
  g: usize,
  corner: usize,
  cellsY: i32,
  cellsX: i32,
  rowBytes: usize,
  pixelBytes: usize,
  channels: i32,
): void {
  const vectorEnd = channels & ~3;
  const scale: f32 = 1.0 / <f32>(cellsY * cellsX);
  const scaleV = f32x4.splat(scale);
  for (let wy = 0; wy < cellsY; wy++) {
    for (let wx = 0; wx < cellsX; wx++) {
      const at = dx + corner + <usize>wy * rowBytes + <usize>wx * pixelBytes;
      let c = 0;
      for (; c < vectorEnd; c += 4) {
        const cb = <usize>c << 2;
        v128.store(at + cb, f32x4.add(v128.load(at + cb), f32x4.mul(v128.load(g + cb), scaleV)));
      }
      for (; c < channels; c++) {
        const cb = <usize>c << 2;
        store<f32>(at + cb, load<f32>(at + cb) + load<f32>(g + cb) * scale);
      }
    }
  }
}

/**
 * Pooling input gradient: dx (zeroed here) [images, height, width, channels] gets, for every output pixel, the
 * gradient of its window over the window's in-bounds cells; the window of (oy, ox) starts at
 * (oy·strideY − top, ox·strideX − left). `average` 0: max pooling (dy to each channel's first maximum); 1: average
 * pooling over in-bounds cells (dy divided by their count to each of them, the exact gradient of the average tfjs's
 * forward computes). `x` is read for max pooling only.
 */
export function poolGradient(
  average: i32,
  x: usize,
  dy: usize,
  dx: usize,
  images: i32,
  height: i32,
  width: i32,
  channels: i32,
  outHeight: i32,
  outWidth: i32,
  filterHeight: i32,
  filterWidth: i32,
  strideY: i32,
  strideX: i32,
  top: i32,
  left: i32,
): void {
  const pixelBytes = <usize>channels << 2;
  const rowBytes = <usize>width * pixelBytes;
  memory.fill(dx, 0, <usize>images * <usize>height * rowBytes);
  for (let n = 0; n < images; n++) {
    const image = <usize>n * <usize>height * rowBytes;
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * strideY - top;
      const ya = y0 < 0 ? 0 : y0;
      const yb = min32(height, y0 + filterHeight);
      for (let ox = 0; ox < outWidth; ox++) {
        const xs = ox * strideX - left;
        const xa = xs < 0 ? 0 : xs;
        const xb = min32(width, xs + filterWidth);
        if (ya >= yb || xa >= xb) continue;
        const g = dy + (<usize>((n * outHeight + oy) * outWidth + ox)) * pixelBytes;
        const corner = image + <usize>ya * rowBytes + <usize>xa * pixelBytes;
        if (average !== 0) {
          averageWindowGradient(dx, g, corner, yb - ya, xb - xa, rowBytes, pixelBytes, channels);
        } else {
          maxWindowGradient(x, dx, g, corner, yb - ya, xb - xa, rowBytes, pixelBytes, channels);
        }
      }
    }
  }
}

/** How many rows the column sums add in registers before adding to the running sums (accuracy). */
const SUM_BLOCK: i32 = 256;

/**
 * out[c] = scale · Σ_r x[r, c] of a row-major [rows, columns] float32 matrix: blocks of rows summed in registers, the
 * block sums added in float64, so the result carries only the float32 error of a 256-row block. `scratch` holds
 * `columns` float64 values (rounded up to a multiple of 4).
 */
export function columnSums(x: usize, rows: i32, columns: i32, scale: f64, scratch: usize, out: usize): void {
  const rowBytes = <usize>columns << 2;
  const vectorEnd = columns & ~3;
  memory.fill(scratch, 0, <usize>((columns + 3) & ~3) << 3);
  for (let start = 0; start < rows; start += SUM_BLOCK) {
    const stop = min32(rows, start + SUM_BLOCK);
    let c = 0;
    for (; c + 8 <= vectorEnd; c += 8) {
      let a = f32x4.splat(0);
      let b = a;
      let at = x + <usize>start * rowBytes + (<usize>c << 2);
      for (let r = start; r < stop; r++) {
        a = f32x4.add(a, v128.load(at));
        b = f32x4.add(b, v128.load(at, 16));
        at += rowBytes;
      }
      const to = scratch + (<usize>c << 3);
      v128.store(to, f64x2.add(v128.load(to), f64x2.promote_low_f32x4(a)));
      v128.store(to, f64x2.add(v128.load(to, 16), f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1))), 16);
      v128.store(to, f64x2.add(v128.load(to, 32), f64x2.promote_low_f32x4(b)), 32);
      v128.store(to, f64x2.add(v128.load(to, 48), f64x2.promote_low_f32x4(i32x4.shuffle(b, b, 2, 3, 0, 1))), 48);
    }
    for (; c < vectorEnd; c += 4) {
      let a = f32x4.splat(0);
      let at = x + <usize>start * rowBytes + (<usize>c << 2);
      for (let r = start; r < stop; r++) {
        a = f32x4.add(a, v128.load(at));
        at += rowBytes;
      }
      const to = scratch + (<usize>c << 3);
      v128.store(to, f64x2.add(v128.load(to), f64x2.promote_low_f32x4(a)));
      v128.store(to, f64x2.add(v128.load(to, 16), f64x2.promote_low_f32x4(i32x4.shuffle(a, a, 2, 3, 0, 1))), 16);
    }
    for (; c < columns; c++) {
      let sum: f32 = 0;
      let at = x + <usize>start * rowBytes + (<usize>c << 2);
      for (let r = start; r < stop; r++) {
        sum += load<f32>(at);
        at += rowBytes;
      }
      const to = scratch + (<usize>c << 3);
      store<f64>(to, load<f64>(to) + <f64>sum);
    }
  }
  for (let c = 0; c < columns; c++) store<f32>(out + (<usize>c << 2), <f32>(load<f64>(scratch + (<usize>c << 3)) * scale));
}

@inline
function rowOp(x: v128, v: v128, op: i32): v128 {
  if (op === 0) return f32x4.add(x, v);
  if (op === 1) return f32x4.sub(x, v);
  if (op === 2) return f32x4.sub(v, x);
  return f32x4.mul(x, v);
}

/**
 * out[r, c] = x[r, c] ∘ v[c] for a row-major [rows, columns] float32 matrix, ∘ by `op`: 0 x + v, 1 x − v, 2 v − x,
 * 3 x · v (a bias, a centring or a per-channel scale; `out` may be `x`).
 */
export function rowVectorOp(x: usize, rows: i32, columns: i32, v: usize, out: usize, op: i32): void {
  const rowBytes = <usize>columns << 2;
  const vectorEnd = columns & ~3;
  for (let r = 0; r < rows; r++) {
    const from = x + <usize>r * rowBytes;
    const to = out + <usize>r * rowBytes;
    let c = 0;
    for (; c < vectorEnd; c += 4) {
      const cb = <usize>c << 2;
      v128.store(to + cb, rowOp(v128.load(from + cb), v128.load(v + cb), op));
    }
    for (; c < columns; c++) {
      const cb = <usize>c << 2;
      store<f32>(to + cb, f32x4.extract_lane(rowOp(f32x4.splat(load<f32>(from + cb)), f32x4.splat(load<f32>(v + cb)), op), 0));
    }
  }
}

/**
 * out[r, c] = (x[r, c] − shift[c]) · factor[c] + offset[c] for a row-major [rows, columns] float32 matrix (batch
 * normalisation with factor = γ / √(σ² + ε)).
 */
export function normalizeRows(
  x: usize,
  rows: i32,
  columns: i32,
  shift: usize,
  factor: usize,
  offset: usize,
  out: usize,
): void {
  const rowBytes = <usize>columns << 2;
  const vectorEnd = columns & ~3;
  for (let r = 0; r < rows; r++) {
    const from = x + <usize>r * rowBytes;
    const to = out + <usize>r * rowBytes;
    let c = 0;
    for (; c < vectorEnd; c += 4) {
      const cb = <usize>c << 2;
      const centred = f32x4.sub(v128.load(from + cb), v128.load(shift + cb));
      v128.store(to + cb, f32x4.add(f32x4.mul(centred, v128.load(factor + cb)), v128.load(offset + cb)));
    }
    for (; c < columns; c++) {
      const cb = <usize>c << 2;
      store<f32>(to + cb, (load<f32>(from + cb) - load<f32>(shift + cb)) * load<f32>(factor + cb) + load<f32>(offset + cb));
    }
  }
}
