// The objective of matrix scaling and Dirichlet calibration in float64 (compiled into the same module as
// softlabels.ts): for rows x (K values each) with labels y and a map θ = (W, b) (W row-major K × K, then b),
//   value = Σ_n −log softmax(W x_n + b)_{y_n},   ∂/∂W_ij = Σ_n r_ni x_nj,   ∂/∂b_i = Σ_n r_ni,
// with residuals r_n = softmax(W x_n + b) − onehot(y_n). Both sums are [N, K] × [K, K] products. W is packed once per
// call (pairs of rows, column pair by column pair); the rows go through in chunks of CHUNK_ROWS, each in four steps:
//   1. the chunk's rows packed as octets of columns, zero-padded to whole tiles, which both products read at one
//      pointer with fixed offsets;
//   2. scores S = X Wᵀ + b, in panels of PANEL columns of x (a panel of the chunk's rows stays in cache while every pair
//      of W's rows passes over it), with register tiles of 4 rows × 2 classes;
//   3. per row, the softmax residuals in place of the scores and the row's NLL; then the residuals transposed, so that
//   4. the gradient update G += Rᵀ X reads them one class at a time: blocks of CLASS_BLOCK classes, within them tiles
//      of 2 classes × one octet of columns, summed over the chunk's rows in registers, then added to G once per chunk.
// The plain product A Bᵀ at the end of the file reads its operands in place (scorePanel).
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

/** Classes per block of the gradient update: their residuals (a block of T) stay in L1/L2 across every octet of x. */
const CLASS_BLOCK: i32 = 32;

/** `value` rounded up to a multiple of `multiple` (a power of two). */
@inline
function roundUp(value: i32, multiple: i32): i32 {
  return (value + multiple - 1) & ~(multiple - 1);
}

/**
 * Packs W (`classes` rows of `classes`) as pairs of rows, each as `columns / 2` column pairs of [W_i,j W_i,j+1
 * W_i+1,j W_i+1,j+1], zero past the last row and column (`columns`: classes rounded up to 8), so that a tile reads
 * its two rows of W at one pointer.
 */
function packWeights(w: usize, classes: i32, columns: i32, packed: usize): void {
  let out = packed;
  for (let i = 0; i < classes; i += 2) {
    const second = i + 1 < classes;
    for (let j = 0; j < columns; j += 2) {
      for (let q = 0; q < 2; q++) {
        const row = i + q;
        const at = w + (((<usize>row) * (<usize>classes) + (<usize>j)) << 3);
        const valid = q === 0 || second;
        store<f64>(out, valid && j < classes ? load<f64>(at) : 0.0);
        store<f64>(out, valid && j + 1 < classes ? load<f64>(at, 8) : 0.0, 8);
        out += 16;
      }
    }
  }
}

/**
 * Packs the chunk's rows (`count` of `classes`) as octets of columns: octet o holds, for each of CHUNK_ROWS rows, its
 * columns 8o … 8o + 7 (64 bytes), zero past the last row and column. Both products read x from here at one pointer
 * with fixed offsets.
 */
function packRows(x: usize, count: i32, classes: i32, columns: i32, packed: usize): void {
  const rows = roundUp(count, 4);
  const octetBytes = (<usize>CHUNK_ROWS) << 6;
  for (let r = 0; r < rows; r++) {
    const source = x + (<usize>r) * ((<usize>classes) << 3);
    let out = packed + ((<usize>r) << 6);
    for (let j = 0; j < columns; j += 8) {
      for (let c = 0; c < 8; c++) {
        const inside = r < count && j + c < classes;
        store<f64>(out + ((<usize>c) << 3), inside ? load<f64>(source + ((<usize>(j + c)) << 3)) : 0.0);
      }
      out += octetBytes;
    }
  }
}

/**
 * Adds the scores of the packed rows (`rows`, a multiple of 4) over the octets [first, last) to S (rows of `stride`
 * values, `pairs` pairs of classes): tiles of 4 rows × 2 classes, each column pair one f64x2 product per row.
 */
function packedScores(
  px: usize,
  rows: i32,
  pairs: i32,
  pw: usize,
  columns: i32,
  first: i32,
  last: i32,
  scores: usize,
  stride: i32,
): void {
  const outBytes = (<usize>stride) << 3;
  const pairBytes = (<usize>columns) << 4;
  const octetBytes = (<usize>CHUNK_ROWS) << 6;
  for (let p = 0; p < pairs; p++) {
    const weights = pw + (<usize>p) * pairBytes + ((<usize>first) << 7);
    for (let r = 0; r < rows; r += 4) {
      let a00 = f64x2.splat(0);
      let a01 = f64x2.splat(0);
      let a10 = f64x2.splat(0);
      let a11 = f64x2.splat(0);
      let a20 = f64x2.splat(0);
      let a21 = f64x2.splat(0);
      let a30 = f64x2.splat(0);
      let a31 = f64x2.splat(0);
      let w = weights;
      let octet = px + (<usize>first) * octetBytes + ((<usize>r) << 6);
      for (let o = first; o < last; o++) {
        let v = octet;
        const end = octet + 64;
        for (; v < end; v += 16) {
          const u0 = v128.load(w);
          const u1 = v128.load(w, 16);
          const v0 = v128.load(v);
          const v1 = v128.load(v, 64);
          const v2 = v128.load(v, 128);
          const v3 = v128.load(v, 192);
          a00 = fma2(a00, v0, u0);
          a01 = fma2(a01, v0, u1);
          a10 = fma2(a10, v1, u0);
          a11 = fma2(a11, v1, u1);
          a20 = fma2(a20, v2, u0);
          a21 = fma2(a21, v2, u1);
          a30 = fma2(a30, v3, u0);
          a31 = fma2(a31, v3, u1);
          w += 32;
        }
        octet += octetBytes;
      }
      const at = scores + (<usize>r) * outBytes + ((<usize>(2 * p)) << 3);
      store<f64>(at, load<f64>(at) + hsum2(a00));
      store<f64>(at + 8, load<f64>(at + 8) + hsum2(a01));
      store<f64>(at + outBytes, load<f64>(at + outBytes) + hsum2(a10));
      store<f64>(at + outBytes + 8, load<f64>(at + outBytes + 8) + hsum2(a11));
      store<f64>(at + 2 * outBytes, load<f64>(at + 2 * outBytes) + hsum2(a20));
      store<f64>(at + 2 * outBytes + 8, load<f64>(at + 2 * outBytes + 8) + hsum2(a21));
      store<f64>(at + 3 * outBytes, load<f64>(at + 3 * outBytes) + hsum2(a30));
      store<f64>(at + 3 * outBytes + 8, load<f64>(at + 3 * outBytes + 8) + hsum2(a31));
    }
  }
}

/** Adds the lanes of `sums` below `valid` to the two values at `at`. */
@inline
function addPair(at: usize, valid: i32, sums: v128): void {
  if (valid >= 2) {
    v128.store(at, f64x2.add(v128.load(at), sums));
  } else if (valid === 1) {
    store<f64>(at, load<f64>(at) + f64x2.extract_lane(sums, 0));
  }
}

/** Adds an octet of sums (four f64x2) to the gradient row at `at`, for the columns below `valid`. */
@inline
function addOctet(at: usize, valid: i32, s0: v128, s1: v128, s2: v128, s3: v128): void {
  addPair(at, valid, s0);
  addPair(at + 16, valid - 2, s1);
  addPair(at + 32, valid - 4, s2);
  addPair(at + 48, valid - 6, s3);
}

/**
 * Adds Σ_r T[i][r] x[r][j] to G[i][j] and Σ_r T[i][r] to G_b[i] for the chunk (`t`: residuals transposed, K rows of
 * `count`; x packed by {@link packRows}): blocks of CLASS_BLOCK classes, within them tiles of 2 classes × one octet of
 * columns, summed over the chunk's rows in registers, then added to G once per chunk.
 */
function gradientUpdate(px: usize, count: i32, classes: i32, columns: i32, t: usize, gradient: usize): void {
  const rowBytes = (<usize>classes) << 3;
  const tBytes = (<usize>count) << 3;
  const octetBytes = (<usize>CHUNK_ROWS) << 6;
  for (let block = 0; block < classes; block += CLASS_BLOCK) {
    const blockEnd = min(classes, block + CLASS_BLOCK);
    for (let j = 0; j < columns; j += 8) {
      const octet = px + (<usize>(j >> 3)) * octetBytes;
      const valid = classes - j;
      for (let i = block; i < blockEnd; i += 2) {
        const second = i + 1 < blockEnd;
        const t0 = t + (<usize>i) * tBytes;
        const t1 = second ? t0 + tBytes : t0;
        let a00 = f64x2.splat(0);
        let a01 = f64x2.splat(0);
        let a02 = f64x2.splat(0);
        let a03 = f64x2.splat(0);
        let a10 = f64x2.splat(0);
        let a11 = f64x2.splat(0);
        let a12 = f64x2.splat(0);
        let a13 = f64x2.splat(0);
        let row = octet;
        const end = t0 + tBytes;
        let p1 = t1;
        for (let p0 = t0; p0 < end; p0 += 8) {
          const c0 = v128.load64_splat(p0);
          const c1 = v128.load64_splat(p1);
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
          row += 64;
          p1 += 8;
        }
        const g0 = gradient + (<usize>i) * rowBytes + ((<usize>j) << 3);
        addOctet(g0, valid, a00, a01, a02, a03);
        if (second) addOctet(g0 + rowBytes, valid, a10, a11, a12, a13);
      }
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

/**
 * The bytes of scratch {@link linearSoftmaxRows} needs at `classes` classes: a chunk of scores, their transpose, the
 * chunk's rows packed, and W packed.
 */
export function linearSoftmaxScratchBytes(classes: i32): usize {
  const pairs = roundUp(classes, 2);
  const columns = roundUp(classes, 8);
  const values = 2 * CHUNK_ROWS * pairs + CHUNK_ROWS * columns + pairs * columns;
  return (<usize>values) << 3;
}

// A {@link linearSoftmaxScratchBytes} scratch holds, in order: a chunk of scores (CHUNK_ROWS rows of `classes` rounded
// up to 2), their transpose, the chunk's rows packed ({@link packRows}), and W packed ({@link packWeights}).

/** The bytes of a scratch row of scores (classes rounded up to 2). */
@inline
function strideBytesOf(classes: i32): usize {
  return (<usize>roundUp(classes, 2)) << 3;
}

/** Where the transposed residuals lie in `scratch`. */
@inline
function transposedOf(scratch: usize, classes: i32): usize {
  return scratch + (<usize>CHUNK_ROWS) * strideBytesOf(classes);
}

/** Where the packed rows lie in `scratch`. */
@inline
function packedRowsOf(scratch: usize, classes: i32): usize {
  return transposedOf(scratch, classes) + (<usize>CHUNK_ROWS) * strideBytesOf(classes);
}

/** Where the packed W lies in `scratch`. */
@inline
function packedWeightsOf(scratch: usize, classes: i32): usize {
  return packedRowsOf(scratch, classes) + ((<usize>(CHUNK_ROWS * roundUp(classes, 8))) << 3);
}

/**
 * The scores W x + b of the chunk's `count` rows (at `chunk`) into the scratch's scores: the rows packed, then the
 * panels of packed products (W packed beforehand).
 */
function scoreChunk(chunk: usize, count: i32, classes: i32, bias: usize, scratch: usize): void {
  const stride = roundUp(classes, 2);
  const strideBytes = strideBytesOf(classes);
  const columns = roundUp(classes, 8);
  const octets = columns >> 3;
  const panelOctets = PANEL >> 3;
  const tiled = roundUp(count, 4);
  const packedRows = packedRowsOf(scratch, classes);
  const packedWeights = packedWeightsOf(scratch, classes);
  packRows(chunk, count, classes, columns, packedRows);
  for (let r = 0; r < tiled; r++) memory.copy(scratch + (<usize>r) * strideBytes, bias, (<usize>classes) << 3);
  for (let o = 0; o < octets; o += panelOctets) {
    const last = min(octets, o + panelOctets);
    packedScores(packedRows, tiled, stride >> 1, packedWeights, columns, o, last, scratch, stride);
  }
}

/**
 * Turns the scratch's scores of the chunk's `count` rows (labels at `labels`) into residuals, adds their gradient
 * sums (Rᵀ X from the packed rows, and Σ R) into `gradient`, and returns the chunk's summed NLL.
 */
function residualChunk(count: i32, classes: i32, labels: usize, gradient: usize, scratch: usize): f64 {
  const strideBytes = strideBytesOf(classes);
  const transposed = transposedOf(scratch, classes);
  let total: f64 = 0;
  for (let r = 0; r < count; r++) {
    const label = load<i32>(labels + ((<usize>r) << 2));
    total += residualRow(scratch + (<usize>r) * strideBytes, classes, label);
  }
  const tBytes = (<usize>count) << 3;
  for (let r = 0; r < count; r++) {
    const source = scratch + (<usize>r) * strideBytes;
    const target = transposed + ((<usize>r) << 3);
    for (let k = 0; k < classes; k++) store<f64>(target + (<usize>k) * tBytes, load<f64>(source + ((<usize>k) << 3)));
  }
  gradientUpdate(packedRowsOf(scratch, classes), count, classes, roundUp(classes, 8), transposed, gradient);
  return total;
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
  packWeights(theta, classes, roundUp(classes, 8), packedWeightsOf(scratch, classes));
  const bias = theta + (<usize>classes) * rowBytes;
  let total: f64 = 0;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    scoreChunk(x + (<usize>first) * rowBytes, count, classes, bias, scratch);
    total += residualChunk(count, classes, labels + ((<usize>first) << 2), gradient, scratch);
  }
  return total;
}

/**
 * The scores W x + b of `rows` rows into `out` (float64 rows of `classes`), by the products of
 * {@link linearSoftmaxRows}; `scratch`: {@link linearSoftmaxScratchBytes} bytes.
 */
export function linearScoreRows(x: usize, rows: i32, classes: i32, theta: usize, out: usize, scratch: usize): void {
  const rowBytes = (<usize>classes) << 3;
  const strideBytes = strideBytesOf(classes);
  packWeights(theta, classes, roundUp(classes, 8), packedWeightsOf(scratch, classes));
  const bias = theta + (<usize>classes) * rowBytes;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    scoreChunk(x + (<usize>first) * rowBytes, count, classes, bias, scratch);
    for (let r = 0; r < count; r++) {
      memory.copy(out + (<usize>(first + r)) * rowBytes, scratch + (<usize>r) * strideBytes, rowBytes);
    }
  }
}

/**
 * Along a line of scores s + α·t (`scores`, `direction`: float64 rows of `classes`), at α = `step`: returns
 * Σ_n −log softmax(s_n + α t_n)_{y_n} and adds its derivative in α, Σ_n Σ_{k≠y_n} p_nk (t_nk − t_n,y_n) (a sum
 * without cancellation where p_y is near 1), to `slope[0]`. The scores are computed as in {@link softmaxAdvanceRows}.
 */
export function softmaxLineRows(
  scores: usize,
  rows: i32,
  direction: usize,
  classes: i32,
  labels: usize,
  step: f64,
  slope: usize,
): f64 {
  const rowBytes = (<usize>classes) << 3;
  let total: f64 = 0;
  let chunk: f64 = 0;
  let derivative: f64 = 0;
  for (let r = 0; r < rows; r++) {
    // Summed per chunk of rows as softmaxAdvanceRows sums them, so that both give the same value.
    if (r % CHUNK_ROWS === 0) {
      total += chunk;
      chunk = 0;
    }
    const s = scores + (<usize>r) * rowBytes;
    const t = direction + (<usize>r) * rowBytes;
    const label = load<i32>(labels + ((<usize>r) << 2));
    let top = load<f64>(s) + step * load<f64>(t);
    let best = 0;
    for (let k = 1; k < classes; k++) {
      const at = (<usize>k) << 3;
      const z = load<f64>(s + at) + step * load<f64>(t + at);
      if (z > top) {
        top = z;
        best = k;
      }
    }
    const labelAt = (<usize>label) << 3;
    const labelDirection = load<f64>(t + labelAt);
    const labelScore = load<f64>(s + labelAt) + step * labelDirection;
    let rest: f64 = 0;
    let weighted: f64 = 0;
    for (let k = 0; k < classes; k++) {
      const at = (<usize>k) << 3;
      const tk = load<f64>(t + at);
      const e = expNonPositive(load<f64>(s + at) + step * tk - top);
      if (k !== best) rest += e;
      if (k !== label) weighted += e * (tk - labelDirection);
    }
    chunk += top - labelScore + Math.log1p(rest);
    derivative += weighted / (1.0 + rest);
  }
  store<f64>(slope, load<f64>(slope) + derivative);
  return total + chunk;
}

/**
 * As {@link linearSoftmaxRows} at the scores s + step·t of `rows` rows (`scores`, `direction`: float64 rows of
 * `classes`, read only; `x` the rows the scores are of): returns Σ_n −log p_{y_n} and adds the gradient's sums into
 * `gradient`. `scratch`: {@link linearSoftmaxScratchBytes} bytes.
 */
export function softmaxAdvanceRows(
  x: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  scores: usize,
  direction: usize,
  step: f64,
  gradient: usize,
  scratch: usize,
): f64 {
  const rowBytes = (<usize>classes) << 3;
  const strideBytes = strideBytesOf(classes);
  const columns = roundUp(classes, 8);
  const packedRows = packedRowsOf(scratch, classes);
  let total: f64 = 0;
  for (let first = 0; first < rows; first += CHUNK_ROWS) {
    const count = min(CHUNK_ROWS, rows - first);
    packRows(x + (<usize>first) * rowBytes, count, classes, columns, packedRows);
    for (let r = 0; r < count; r++) {
      const s = scores + (<usize>(first + r)) * rowBytes;
      const t = direction + (<usize>(first + r)) * rowBytes;
      const target = scratch + (<usize>r) * strideBytes;
      for (let k = 0; k < classes; k++) {
        const at = (<usize>k) << 3;
        store<f64>(target + at, load<f64>(s + at) + step * load<f64>(t + at));
      }
    }
    total += residualChunk(count, classes, labels + ((<usize>first) << 2), gradient, scratch);
  }
  return total;
}

/**
 * softmax(W x + b) of `rows` rows into `out` (float64, rows of `classes`): the scores of {@link linearScoreRows},
 * turned into probabilities in place (max-shifted). `scratch`: {@link linearSoftmaxScratchBytes} bytes.
 */
export function linearSoftmaxProbabilityRows(
  x: usize,
  rows: i32,
  classes: i32,
  theta: usize,
  out: usize,
  scratch: usize,
): void {
  linearScoreRows(x, rows, classes, theta, out, scratch);
  const rowBytes = (<usize>classes) << 3;
  for (let r = 0; r < rows; r++) softmaxRow(out + (<usize>r) * rowBytes, classes);
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
