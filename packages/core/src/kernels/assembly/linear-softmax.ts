// The objective of matrix scaling and Dirichlet calibration in float64 (compiled into the same module as
// softlabels.ts): for rows x (K values each) with labels y and a map θ = (W, b) (W row-major K × K, then b),
//   value = Σ_n −log softmax(W x_n + b)_{y_n},   ∂/∂W_ij = Σ_n r_ni x_nj,   ∂/∂b_i = Σ_n r_ni,
// with residuals r_n = softmax(W x_n + b) − onehot(y_n). Both sums are [N, K] × [K, K] products; the rows go through
// in chunks of CHUNK_ROWS, each in three steps:
//   1. scores S = X Wᵀ + b of the chunk, in panels of PANEL columns of x (a panel of the chunk's rows stays in cache
//      while every pair of W's rows passes over it), with register tiles of 4 rows × 2 classes;
//   2. per row, the softmax residuals in place of the scores and the row's NLL; then the residuals transposed, so that
//   3. the gradient update G += Rᵀ X reads them one class at a time: tiles of 2 classes × 8 columns of x, summed over
//      the chunk's rows in registers, then added to G once per chunk.
// Lanes are f64x2 (no fused multiply-add in WebAssembly SIMD: every product is rounded before it is added, as in
// plain float64 code). The exp is this file's own (the module has no data segments and no imports).

/** Rows per chunk. */
const CHUNK_ROWS: i32 = 128;
/** Columns of x per score panel. */
const PANEL: i32 = 256;

const LN2_HI_EXP: f64 = 6.93147180369123816490e-1;
const LN2_LO_EXP: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e0;

/**
 * exp(x) in float64 for x ≤ 0 (the max-shifted scores): 0 below −708 (where the true value is subnormal and adds
 * nothing to a sum that holds 1), else 2^n · e^r with r = x − n·ln 2 in two parts, |r| ≤ ln 2 / 2, and e^r by its
 * Taylor series to r¹³/13! (truncation below 3e-17 relative).
 */
function expNonPositive(x: f64): f64 {
  if (x < -708.0) return 0.0;
  const n = nearest(x * INV_LN2);
  const r = x - n * LN2_HI_EXP - n * LN2_LO_EXP;
  let p: f64 = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  return p * reinterpret<f64>((<u64>(<i64>n + 1023)) << 52);
}

@inline
function fma2(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b));
}

@inline
function hsum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/**
 * Adds Σ_{j in [from, to)} W_ij x_rj to S[r][i] for the chunk's `count` rows (at `x`, rows of `inner` values) and
 * every row i of W (`outer` rows of `inner` values; S has rows of `outer`): 4 rows × 2 rows of W per tile, then the
 * rows left over one by one.
 */
function scorePanel(x: usize, count: i32, inner: i32, outer: i32, w: usize, from: i32, to: i32, scores: usize): void {
  const rowBytes = (<usize>inner) << 3;
  const outBytes = (<usize>outer) << 3;
  const pairs = (to - from) & ~1;
  const odd = from + pairs < to;
  let i = 0;
  for (; i + 2 <= outer; i += 2) {
    const w0 = w + (<usize>i) * rowBytes + ((<usize>from) << 3);
    const w1 = w0 + rowBytes;
    let r = 0;
    for (; r + 4 <= count; r += 4) {
      const x0 = x + (<usize>r) * rowBytes + ((<usize>from) << 3);
      const x1 = x0 + rowBytes;
      const x2 = x1 + rowBytes;
      const x3 = x2 + rowBytes;
      let a00 = f64x2.splat(0);
      let a01 = f64x2.splat(0);
      let a10 = f64x2.splat(0);
      let a11 = f64x2.splat(0);
      let a20 = f64x2.splat(0);
      let a21 = f64x2.splat(0);
      let a30 = f64x2.splat(0);
      let a31 = f64x2.splat(0);
      for (let j = 0; j < pairs; j += 2) {
        const offset = (<usize>j) << 3;
        const u0 = v128.load(w0 + offset);
        const u1 = v128.load(w1 + offset);
        const v0 = v128.load(x0 + offset);
        const v1 = v128.load(x1 + offset);
        const v2 = v128.load(x2 + offset);
        const v3 = v128.load(x3 + offset);
        a00 = fma2(a00, v0, u0);
        a01 = fma2(a01, v0, u1);
        a10 = fma2(a10, v1, u0);
        a11 = fma2(a11, v1, u1);
        a20 = fma2(a20, v2, u0);
        a21 = fma2(a21, v2, u1);
        a30 = fma2(a30, v3, u0);
        a31 = fma2(a31, v3, u1);
      }
      let s00 = hsum2(a00);
      let s01 = hsum2(a01);
      let s10 = hsum2(a10);
      let s11 = hsum2(a11);
      let s20 = hsum2(a20);
      let s21 = hsum2(a21);
      let s30 = hsum2(a30);
      let s31 = hsum2(a31);
      if (odd) {
        const offset = (<usize>pairs) << 3;
        const u0 = load<f64>(w0 + offset);
        const u1 = load<f64>(w1 + offset);
        const v0 = load<f64>(x0 + offset);
        const v1 = load<f64>(x1 + offset);
        const v2 = load<f64>(x2 + offset);
        const v3 = load<f64>(x3 + offset);
        s00 += v0 * u0;
        s01 += v0 * u1;
        s10 += v1 * u0;
        s11 += v1 * u1;
        s20 += v2 * u0;
        s21 += v2 * u1;
        s30 += v3 * u0;
        s31 += v3 * u1;
      }
      const at = scores + (<usize>r) * outBytes + ((<usize>i) << 3);
      store<f64>(at, load<f64>(at) + s00);
      store<f64>(at + 8, load<f64>(at + 8) + s01);
      store<f64>(at + outBytes, load<f64>(at + outBytes) + s10);
      store<f64>(at + outBytes + 8, load<f64>(at + outBytes + 8) + s11);
      store<f64>(at + 2 * outBytes, load<f64>(at + 2 * outBytes) + s20);
      store<f64>(at + 2 * outBytes + 8, load<f64>(at + 2 * outBytes + 8) + s21);
      store<f64>(at + 3 * outBytes, load<f64>(at + 3 * outBytes) + s30);
      store<f64>(at + 3 * outBytes + 8, load<f64>(at + 3 * outBytes + 8) + s31);
    }
    for (; r < count; r++) {
      const x0 = x + (<usize>r) * rowBytes + ((<usize>from) << 3);
      const at = scores + (<usize>r) * outBytes + ((<usize>i) << 3);
      store<f64>(at, load<f64>(at) + dot(x0, w0, to - from));
      store<f64>(at + 8, load<f64>(at + 8) + dot(x0, w1, to - from));
    }
  }
  for (; i < outer; i++) {
    const w0 = w + (<usize>i) * rowBytes + ((<usize>from) << 3);
    for (let r = 0; r < count; r++) {
      const x0 = x + (<usize>r) * rowBytes + ((<usize>from) << 3);
      const at = scores + (<usize>r) * outBytes + ((<usize>i) << 3);
      store<f64>(at, load<f64>(at) + dot(x0, w0, to - from));
    }
  }
}

/** Σ_j a_j b_j over `length` float64 values. */
function dot(a: usize, b: usize, length: i32): f64 {
  const pairs = length & ~1;
  let acc = f64x2.splat(0);
  for (let j = 0; j < pairs; j += 2) {
    const offset = (<usize>j) << 3;
    acc = fma2(acc, v128.load(a + offset), v128.load(b + offset));
  }
  let sum = hsum2(acc);
  if (pairs < length) sum += load<f64>(a + ((<usize>pairs) << 3)) * load<f64>(b + ((<usize>pairs) << 3));
  return sum;
}

/**
 * Turns the scores of one row into the residuals softmax − onehot(label) and returns −log p_label. The largest score's
 * term is 1 and the others are summed apart, so that log1p keeps the tiny losses of confident, correct rows and the
 * label's residual −rest / (1 + rest) stays exact there.
 */
function residualRow(row: usize, classes: i32, label: i32): f64 {
  let top = load<f64>(row);
  let best = 0;
  for (let k = 1; k < classes; k++) {
    const value = load<f64>(row + ((<usize>k) << 3));
    if (value > top) {
      top = value;
      best = k;
    }
  }
  const labelScore = load<f64>(row + ((<usize>label) << 3));
  let rest: f64 = 0;
  for (let k = 0; k < classes; k++) {
    const at = row + ((<usize>k) << 3);
    const e = expNonPositive(load<f64>(at) - top);
    store<f64>(at, e);
    if (k !== best) rest += e;
  }
  const scale = 1.0 / (1.0 + rest);
  for (let k = 0; k < classes; k++) {
    const at = row + ((<usize>k) << 3);
    store<f64>(at, load<f64>(at) * scale);
  }
  const labelAt = row + ((<usize>label) << 3);
  store<f64>(labelAt, label === best ? -rest * scale : load<f64>(labelAt) - 1.0);
  return top - labelScore + Math.log1p(rest);
}

/**
 * Adds Σ_r T[i][r] x[r][j] to G[i][j] and Σ_r T[i][r] to G_b[i] for the chunk (`t`: residuals transposed, K rows of
 * `count`): tiles of 2 classes × 8 columns, then the columns and the class left over.
 */
function gradientUpdate(x: usize, count: i32, classes: i32, t: usize, gradient: usize): void {
  const rowBytes = (<usize>classes) << 3;
  const tBytes = (<usize>count) << 3;
  const octs = classes & ~7;
  let i = 0;
  for (; i + 2 <= classes; i += 2) {
    const t0 = t + (<usize>i) * tBytes;
    const t1 = t0 + tBytes;
    const g0 = gradient + (<usize>i) * rowBytes;
    const g1 = g0 + rowBytes;
    for (let j = 0; j < octs; j += 8) {
      let a00 = f64x2.splat(0);
      let a01 = f64x2.splat(0);
      let a02 = f64x2.splat(0);
      let a03 = f64x2.splat(0);
      let a10 = f64x2.splat(0);
      let a11 = f64x2.splat(0);
      let a12 = f64x2.splat(0);
      let a13 = f64x2.splat(0);
      let row = x + ((<usize>j) << 3);
      for (let r = 0; r < count; r++) {
        const offset = (<usize>r) << 3;
        const c0 = f64x2.splat(load<f64>(t0 + offset));
        const c1 = f64x2.splat(load<f64>(t1 + offset));
        const v0 = v128.load(row);
        const v1 = v128.load(row, 16);
        const v2 = v128.load(row, 32);
        const v3 = v128.load(row, 48);
        a00 = fma2(a00, c0, v0);
        a01 = fma2(a01, c0, v1);
        a02 = fma2(a02, c0, v2);
        a03 = fma2(a03, c0, v3);
        a10 = fma2(a10, c1, v0);
        a11 = fma2(a11, c1, v1);
        a12 = fma2(a12, c1, v2);
        a13 = fma2(a13, c1, v3);
        row += rowBytes;
      }
      const at0 = g0 + ((<usize>j) << 3);
      const at1 = g1 + ((<usize>j) << 3);
      v128.store(at0, f64x2.add(v128.load(at0), a00));
      v128.store(at0, f64x2.add(v128.load(at0, 16), a01), 16);
      v128.store(at0, f64x2.add(v128.load(at0, 32), a02), 32);
      v128.store(at0, f64x2.add(v128.load(at0, 48), a03), 48);
      v128.store(at1, f64x2.add(v128.load(at1), a10));
      v128.store(at1, f64x2.add(v128.load(at1, 16), a11), 16);
      v128.store(at1, f64x2.add(v128.load(at1, 32), a12), 32);
      v128.store(at1, f64x2.add(v128.load(at1, 48), a13), 48);
    }
    for (let j = octs; j < classes; j++) {
      let s0: f64 = 0;
      let s1: f64 = 0;
      for (let r = 0; r < count; r++) {
        const value = load<f64>(x + (<usize>r) * rowBytes + ((<usize>j) << 3));
        s0 += load<f64>(t0 + ((<usize>r) << 3)) * value;
        s1 += load<f64>(t1 + ((<usize>r) << 3)) * value;
      }
      store<f64>(g0 + ((<usize>j) << 3), load<f64>(g0 + ((<usize>j) << 3)) + s0);
      store<f64>(g1 + ((<usize>j) << 3), load<f64>(g1 + ((<usize>j) << 3)) + s1);
    }
  }
  for (; i < classes; i++) {
    const t0 = t + (<usize>i) * tBytes;
    const g0 = gradient + (<usize>i) * rowBytes;
    for (let j = 0; j < classes; j++) {
      let s0: f64 = 0;
      for (let r = 0; r < count; r++) {
        s0 += load<f64>(t0 + ((<usize>r) << 3)) * load<f64>(x + (<usize>r) * rowBytes + ((<usize>j) << 3));
      }
      store<f64>(g0 + ((<usize>j) << 3), load<f64>(g0 + ((<usize>j) << 3)) + s0);
    }
  }
  const bias = gradient + (<usize>classes) * rowBytes;
  for (let k = 0; k < classes; k++) {
    const t0 = t + (<usize>k) * tBytes;
    let s: f64 = 0;
    for (let r = 0; r < count; r++) s += load<f64>(t0 + ((<usize>r) << 3));
    store<f64>(bias + ((<usize>k) << 3), load<f64>(bias + ((<usize>k) << 3)) + s);
  }
}

/** The bytes of scratch {@link linearSoftmaxRows} needs at `classes` classes: two chunks of scores. */
export function linearSoftmaxScratchBytes(classes: i32): usize {
  return (<usize>(2 * CHUNK_ROWS * classes)) << 3;
}

/**
 * The summed objective of softmax(W x + b) over `rows` rows: returns Σ_n −log p_{y_n} and adds the gradient's sums
 * into `gradient` (K² + K float64, laid out as θ). `x`: float64 rows of `classes`; `labels`: int32; `theta`: W
 * row-major then b; `scratch`: {@link linearSoftmaxScratchBytes} bytes.
 */
export function linearSoftmaxRows(
  x: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  theta: usize,
  gradient: usize,
  scratch: usize,
): f64 {
  const rowBytes = (<usize>classes) << 3;
  const bias = theta + (<usize>classes) * rowBytes;
  const transposed = scratch + (<usize>CHUNK_ROWS) * rowBytes;
  let total: f64 = 0;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    const chunk = x + (<usize>first) * rowBytes;
    for (let r = 0; r < count; r++) memory.copy(scratch + (<usize>r) * rowBytes, bias, rowBytes);
    for (let from = 0; from < classes; from += PANEL) {
      scorePanel(chunk, count, classes, classes, theta, from, min(classes, from + PANEL), scratch);
    }
    for (let r = 0; r < count; r++) {
      const label = load<i32>(labels + ((<usize>(first + r)) << 2));
      total += residualRow(scratch + (<usize>r) * rowBytes, classes, label);
    }
    const tBytes = (<usize>count) << 3;
    for (let r = 0; r < count; r++) {
      const source = scratch + (<usize>r) * rowBytes;
      const target = transposed + ((<usize>r) << 3);
      for (let k = 0; k < classes; k++) store<f64>(target + (<usize>k) * tBytes, load<f64>(source + ((<usize>k) << 3)));
    }
    gradientUpdate(chunk, count, classes, transposed, gradient);
  }
  return total;
}

/**
 * softmax(W x + b) of `rows` rows into `out` (float64, rows of `classes`): the scores as in
 * {@link linearSoftmaxRows}, written straight into `out` and turned into probabilities there (max-shifted).
 */
export function linearSoftmaxProbabilityRows(x: usize, rows: i32, classes: i32, theta: usize, out: usize): void {
  const rowBytes = (<usize>classes) << 3;
  const bias = theta + (<usize>classes) * rowBytes;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    const chunk = x + (<usize>first) * rowBytes;
    const target = out + (<usize>first) * rowBytes;
    for (let r = 0; r < count; r++) memory.copy(target + (<usize>r) * rowBytes, bias, rowBytes);
    for (let from = 0; from < classes; from += PANEL) {
      scorePanel(chunk, count, classes, classes, theta, from, min(classes, from + PANEL), target);
    }
    for (let r = 0; r < count; r++) softmaxRow(target + (<usize>r) * rowBytes, classes);
  }
}

/** Turns one row of scores into their softmax in place (max-shifted). */
function softmaxRow(row: usize, classes: i32): void {
  let top = load<f64>(row);
  for (let k = 1; k < classes; k++) top = max(top, load<f64>(row + ((<usize>k) << 3)));
  let sum: f64 = 0;
  for (let k = 0; k < classes; k++) {
    const at = row + ((<usize>k) << 3);
    const e = expNonPositive(load<f64>(at) - top);
    store<f64>(at, e);
    sum += e;
  }
  for (let k = 0; k < classes; k++) {
    const at = row + ((<usize>k) << 3);
    store<f64>(at, load<f64>(at) / sum);
  }
}

/**
 * out = A Bᵀ for `rows` rows of A (`inner` values each) and the `outer` rows of B (`inner` values each): out has rows
 * of `outer` values. The same tiles and panels as the scores above.
 */
export function multiplyTransposedRows(a: usize, rows: i32, inner: i32, b: usize, outer: i32, out: usize): void {
  const rowBytes = (<usize>inner) << 3;
  const outBytes = (<usize>outer) << 3;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    const target = out + (<usize>first) * outBytes;
    memory.fill(target, 0, (<usize>count) * outBytes);
    for (let from = 0; from < inner; from += PANEL) {
      scorePanel(a + (<usize>first) * rowBytes, count, inner, outer, b, from, min(inner, from + PANEL), target);
    }
  }
}
