// Fused softlabels kernels, AssemblyScript compiled to WebAssembly with 128-bit SIMD (`scripts/build-kernels.mjs`).
//
// ABI: the host calls `reserve(bytes)` to get a 16-byte aligned region of linear memory that it lays its arrays out in
// (row-major float32 logits `[rows, classes]`, int32 labels, float32 per-class vectors, outputs), then passes byte
// pointers to the kernels below. No allocator, no runtime, no imports: the module is pure computation.
//
// Every kernel reads each row in the same pass structure: (1) row max (and whatever else is linear in z), (2) one
// exp per element with the row's sums, (3) where a gradient is asked for, one scaling pass over the exps it stored.

// ---------------------------------------------------------------------------------------------------------------
// Memory
//
// The module imports its memory (`env.memory`) and has no data segments, so the host can bind an instance to memory it
// owns: a fresh `WebAssembly.Memory`, a shared one that worker threads also see, or the heap of tfjs's own WASM
// backend, where the kernels then read logits and write gradients in place. The constants of the fast exp live in a
// 192-byte table in that memory (`bindTable`): V8 rebuilds every v128 constant inside a loop (three instructions
// each), while a table entry is one load.

/** Address of the exp constants table of this instance (set by `bindTable` or the first `reserve`). */
let expTable: usize = 0;

const TABLE_BYTES: usize = 256;

/** Writes the exp constants at `table` (16-aligned, 192 bytes) and makes it this instance's table. */
export function bindTable(table: usize): void {
  v128.store(table, f32x4.splat(EXP_LOW), 0);
  v128.store(table, f32x4.splat(LOG2E), 16);
  v128.store(table, f32x4.splat(ROUNDER), 32);
  v128.store(table, f32x4.splat(LN2_HI), 48);
  v128.store(table, f32x4.splat(LN2_LO), 64);
  v128.store(table, f32x4.splat(C4), 80);
  v128.store(table, f32x4.splat(C3), 96);
  v128.store(table, f32x4.splat(C2), 112);
  v128.store(table, f32x4.splat(C1), 128);
  v128.store(table, f32x4.splat(C0), 144);
  v128.store(table, f32x4.splat(1.0), 160);
  v128.store(table, i32x4.splat(SCALE_BIAS), 176);
  expTable = table;
}

/**
 * For memory this instance owns alone: grows it so that `bytes` bytes fit after the exp table (which it writes on
 * first use) and returns the 16-aligned start of that region, or 0 when memory cannot grow.
 */
export function reserve(bytes: usize): usize {
  const table = (__heap_base + 15) & ~(<usize>15);
  const base = table + TABLE_BYTES;
  const end = base + bytes;
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  if (expTable === 0) bindTable(table);
  return base;
}

// ---------------------------------------------------------------------------------------------------------------
// Fast exp: exp(x) = 2^n · p(r), n = round(x·log2 e), r = x − n·ln 2 in two parts (Cody–Waite), p a degree-6
// polynomial written as 1 + r + r²·q(r). Valid on [−87.33, 88.0]; below −87.33 (where the true value is under FLT_MIN)
// the result is exactly 0. Max relative error measured by the tests: see kernels' README / fast-exp test.

const LOG2E: f32 = 1.442695;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const EXP_LOW: f32 = -87.33654;
const EXP_HIGH: f32 = 88.0;
const ROUNDER: f32 = 12582912.0; // 1.5·2^23
const SCALE_BIAS: i32 = 127 - 0x4b400000; // 127 − bits(1.5·2^23)
// exp(r) ≈ 1 + r + r²·(C0 + C1·r + C2·r² + C3·r³ + C4·r⁴) on |r| ≤ ln 2 / 2: a degree-6 fit of our own (weighted least
// squares iterated towards minimax relative error, 3e-9 before float32 rounding), one term shorter than the usual
// degree-7 series and as accurate once evaluated in float32 (see tooling/reference/fit_exp_polynomial.py).
const C0: f32 = 0.4999999403953552;
const C1: f32 = 0.1666652113199234;
const C2: f32 = 0.04166838899254799;
const C3: f32 = 0.008368710055947304;
const C4: f32 = 0.001381461275741458;

/**
 * exp of four lanes already clamped to [−87.34, 88] (or NaN), constants read from the table at `k` (see `bindTable`).
 * Inlined: a call per vector costs ~35 %.
 */
@inline
function expClamped(c: v128, k: usize): v128 {
  // Round c·log2 e to the nearest integer n by adding 1.5·2^23: n then sits in the low mantissa bits of t.
  const rounder = v128.load(k, 32);
  const t = f32x4.add(f32x4.mul(c, v128.load(k, 16)), rounder);
  const n = f32x4.sub(t, rounder);
  let r = f32x4.sub(c, f32x4.mul(n, v128.load(k, 48)));
  r = f32x4.sub(r, f32x4.mul(n, v128.load(k, 64)));
  let p = f32x4.add(f32x4.mul(v128.load(k, 80), r), v128.load(k, 96));
  p = f32x4.add(f32x4.mul(p, r), v128.load(k, 112));
  p = f32x4.add(f32x4.mul(p, r), v128.load(k, 128));
  p = f32x4.add(f32x4.mul(p, r), v128.load(k, 144));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), v128.load(k, 160));
  // 2^n: (bits(t) − bits(1.5·2^23) + 127) << 23.
  return f32x4.mul(p, i32x4.shl(i32x4.add(t, v128.load(k, 176)), 23));
}

/** exp of four lanes: inputs below −87.34 give exactly 0, above 88 are clamped. */
@inline
function vexp(x: v128, k: usize): v128 {
  const lowest = v128.load(k, 0);
  // pmin/pmax are single instructions (IEEE min/max propagate NaN at a cost); callers catch NaN inputs.
  const c = f32x4.pmin(f32x4.pmax(x, lowest), f32x4.splat(EXP_HIGH));
  return v128.andnot(expClamped(c, k), f32x4.lt(x, lowest));
}

/**
 * exp of four lanes that are ≤ 0 or NaN (a value minus its row's maximum): no upper clamp, and inputs below −87.34
 * give the smallest normal float (1.2e−38) instead of 0 — invisible next to the row's largest term, exp(0) = 1 — which
 * saves three of the ~25 operations. NaN stays NaN (pmax(x, low) is x when the comparison fails), so callers still
 * see NaN rows in their sums.
 */
@inline
function vexpNeg(x: v128, k: usize): v128 {
  return expClamped(f32x4.pmax(x, v128.load(k, 0)), k);
}

function sexp(x: f32, k: usize): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x), k), 0);
}

/** Writes exp(x) of `count` float32 values at `input` to `output` (used by the accuracy test). */
export function expArray(input: usize, output: usize, count: i32): void {
  const k = expTable;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const offset = (<usize>i) << 2;
    v128.store(output + offset, vexp(v128.load(input + offset), k));
  }
  for (; i < count; i++) {
    const offset = (<usize>i) << 2;
    store<f32>(output + offset, sexp(load<f32>(input + offset), k));
  }
}

/** Writes exp(x) of `count` float32 values ≤ 0 at `input` to `output` with the kernels' {@link vexpNeg} (tests). */
export function expNegativeArray(input: usize, output: usize, count: i32): void {
  const k = expTable;
  for (let i = 0; i + 4 <= count; i += 4) {
    const offset = (<usize>i) << 2;
    v128.store(output + offset, vexpNeg(v128.load(input + offset), k));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Natural log in float64 without tables (the standard library's log keeps its tables in a data segment, which an
// instance bound to someone else's memory must not write): x = 2^e·m with m in [√½, √2), then
// log m = 2·atanh(s) = 2s·(1 + s²/3 + s⁴/5 + …), s = (m − 1)/(m + 1), |s| ≤ 0.1716; ten terms leave a truncation error
// below 3e-17 relative, and e·ln 2 is added in two parts.

const SQRT2: f64 = 1.4142135623730951;
const LN2_HI64: f64 = 6.93147180369123816490e-1;
const LN2_LO64: f64 = 1.90821492927058770002e-10;

function ln(x: f64): f64 {
  if (!(x > 0.0)) return x === 0.0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  let bits = reinterpret<u64>(x);
  let e: i32 = 0;
  if (bits < 0x0010000000000000) {
    // subnormal: scale into the normal range first
    bits = reinterpret<u64>(x * 18014398509481984.0);
    e = -54;
  }
  e += <i32>(bits >> 52) - 1023;
  let m = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const s = (m - 1.0) / (m + 1.0);
  const s2 = s * s;
  let p: f64 = 1.0 / 21.0;
  p = p * s2 + 1.0 / 19.0;
  p = p * s2 + 1.0 / 17.0;
  p = p * s2 + 1.0 / 15.0;
  p = p * s2 + 1.0 / 13.0;
  p = p * s2 + 1.0 / 11.0;
  p = p * s2 + 1.0 / 9.0;
  p = p * s2 + 1.0 / 7.0;
  p = p * s2 + 1.0 / 5.0;
  p = p * s2 + 1.0 / 3.0;
  const fe = <f64>e;
  return fe * LN2_HI64 + (2.0 * s + 2.0 * s * s2 * p + fe * LN2_LO64);
}

/** log x of `count` float64 values at `input`, written to `output` (used by the accuracy test). */
export function lnArray(input: usize, output: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    const offset = (<usize>i) << 3;
    store<f64>(output + offset, ln(load<f64>(input + offset)));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Row helpers

function hmax(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

function hsum(v: v128): f64 {
  return (
    <f64>f32x4.extract_lane(v, 0) +
    <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) +
    <f64>f32x4.extract_lane(v, 3)
  );
}

/** Lanes 0..rem−1 set (all ones), the rest clear: the mask of a row's last, partial vector (rem = classes mod 4). */
function tailMask(classes: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(classes & 3));
}

/** Rounds a row length down to whole vectors. */
function fullEnd(classes: i32): i32 {
  return classes & ~3;
}

/**
 * The maximum of `classes` floats at `row`. NaN values are skipped (pmax is one instruction where IEEE max is eight):
 * callers find NaN rows from their exp sums, which a NaN input makes NaN. The partial last vector is read whole (rows
 * are followed by readable memory) and its extra lanes are masked to −∞.
 */
function rowMax(row: usize, classes: i32, mask: v128): f32 {
  let vmax = f32x4.splat(<f32>-Infinity);
  const end = fullEnd(classes);
  let j = 0;
  for (; j < end; j += 4) vmax = f32x4.pmax(vmax, v128.load(row + ((<usize>j) << 2)));
  if (j < classes) {
    vmax = f32x4.pmax(vmax, v128.bitselect(v128.load(row + ((<usize>j) << 2)), f32x4.splat(<f32>-Infinity), mask));
  }
  return hmax(vmax);
}

/** The minimum of the row last seen by {@link rowMaxMin}. */
let rowMinimum: f32 = 0;

/** {@link rowMax} (NaN skipped), also leaving the row's minimum in `rowMinimum` (free: the pass waits on memory). */
function rowMaxMin(row: usize, classes: i32, mask: v128): f32 {
  let vmax = f32x4.splat(<f32>-Infinity);
  let vmin = f32x4.splat(<f32>Infinity);
  const end = fullEnd(classes);
  let j = 0;
  for (; j < end; j += 4) {
    const v = v128.load(row + ((<usize>j) << 2));
    vmax = f32x4.pmax(vmax, v);
    vmin = f32x4.pmin(vmin, v);
  }
  if (j < classes) {
    const v = v128.load(row + ((<usize>j) << 2));
    vmax = f32x4.pmax(vmax, v128.bitselect(v, f32x4.splat(<f32>-Infinity), mask));
    vmin = f32x4.pmin(vmin, v128.bitselect(v, f32x4.splat(<f32>Infinity), mask));
  }
  rowMinimum = min(min(f32x4.extract_lane(vmin, 0), f32x4.extract_lane(vmin, 1)), min(f32x4.extract_lane(vmin, 2), f32x4.extract_lane(vmin, 3)));
  return hmax(vmax);
}

/** Σ exp(z − m) over a row (extra lanes of the partial vector masked to 0). */
function rowSumExp(row: usize, classes: i32, m: f32, mask: v128, k: usize): f64 {
  const vm = f32x4.splat(m);
  let vsum = f32x4.splat(0);
  let vsum2 = f32x4.splat(0);
  const end = fullEnd(classes);
  let j = 0;
  // Two vectors per step: two independent exp chains keep the out-of-order core busy (~20 % faster than one).
  for (; j + 8 <= end; j += 8) {
    const at = row + ((<usize>j) << 2);
    vsum = f32x4.add(vsum, vexpNeg(f32x4.sub(v128.load(at), vm), k));
    vsum2 = f32x4.add(vsum2, vexpNeg(f32x4.sub(v128.load(at, 16), vm), k));
  }
  vsum = f32x4.add(vsum, vsum2);
  for (; j < end; j += 4) vsum = f32x4.add(vsum, vexpNeg(f32x4.sub(v128.load(row + ((<usize>j) << 2)), vm), k));
  if (j < classes) vsum = f32x4.add(vsum, v128.and(vexpNeg(f32x4.sub(v128.load(row + ((<usize>j) << 2)), vm), k), mask));
  return hsum(vsum);
}

/** The max and min of the next row, left by {@link rowSumExpWithNext} (NaN skipped, as in rowMaxMin). */
let nextMaximum: f32 = 0;
let nextMinimum: f32 = 0;

/**
 * {@link rowSumExp} of `row`, also taking the max and min of `next` (a row of the same length) into `nextMaximum` and
 * `nextMinimum`: the next row's loads from memory then overlap this row's exps instead of stalling a pass of their own.
 */
function rowSumExpWithNext(row: usize, next: usize, classes: i32, m: f32, mask: v128, k: usize): f64 {
  const vm = f32x4.splat(m);
  let vsum = f32x4.splat(0);
  let vsum2 = f32x4.splat(0);
  let vmax = f32x4.splat(<f32>-Infinity);
  let vmin = f32x4.splat(<f32>Infinity);
  const end = fullEnd(classes);
  let j = 0;
  for (; j + 8 <= end; j += 8) {
    const offset = (<usize>j) << 2;
    vsum = f32x4.add(vsum, vexpNeg(f32x4.sub(v128.load(row + offset), vm), k));
    vsum2 = f32x4.add(vsum2, vexpNeg(f32x4.sub(v128.load(row + offset, 16), vm), k));
    const a = v128.load(next + offset);
    const b = v128.load(next + offset, 16);
    vmax = f32x4.pmax(vmax, f32x4.pmax(a, b));
    vmin = f32x4.pmin(vmin, f32x4.pmin(a, b));
  }
  vsum = f32x4.add(vsum, vsum2);
  for (; j < end; j += 4) {
    const offset = (<usize>j) << 2;
    vsum = f32x4.add(vsum, vexpNeg(f32x4.sub(v128.load(row + offset), vm), k));
    const a = v128.load(next + offset);
    vmax = f32x4.pmax(vmax, a);
    vmin = f32x4.pmin(vmin, a);
  }
  if (j < classes) {
    const offset = (<usize>j) << 2;
    vsum = f32x4.add(vsum, v128.and(vexpNeg(f32x4.sub(v128.load(row + offset), vm), k), mask));
    const a = v128.load(next + offset);
    vmax = f32x4.pmax(vmax, v128.bitselect(a, f32x4.splat(<f32>-Infinity), mask));
    vmin = f32x4.pmin(vmin, v128.bitselect(a, f32x4.splat(<f32>Infinity), mask));
  }
  nextMaximum = hmax(vmax);
  nextMinimum = min(min(f32x4.extract_lane(vmin, 0), f32x4.extract_lane(vmin, 1)), min(f32x4.extract_lane(vmin, 2), f32x4.extract_lane(vmin, 3)));
  return hsum(vsum);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Label-smoothed cross-entropy, forward + backward
//
// Rows are processed whole-vector: the last, partial vector of a row is loaded and stored as a full vector. Its
// extra lanes are masked out of every sum; the values they store spill into the start of the next row (overwritten
// when that row is processed) or into the 16 bytes of padding after the array.

/**
 * Index targets. Per row n with label y (skipped, loss 0 and gradient 0, when `hasIgnore` and y = ignoreIndex):
 *   q_c = π_c·w_c (π = prior, uniform 1/C gives PyTorch), K = Σ q_c, A = (1−ε)·w_y + ε·K,
 *   ℓ_n = A·log S + (1−ε)·w_y·(m − z_y) − ε·Σ_c q_c·(z_c − m)            (m = row max, S = Σ exp(z − m))
 *   ∂ℓ_n/∂z_j = A·exp(z_j − m)/S − ε·q_j − (1−ε)·w_y·[j = y].
 * `q` must hold π·w (host-computed), `weights` w. The gradient is multiplied by `gradientScale` (1/divisor for a
 * 'mean' reduction, which the host computes before the call since the scale is needed in every row).
 */
export function lsceIndex(
  logits: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  weights: usize,
  q: usize,
  epsilon: f32,
  hasIgnore: i32,
  ignoreIndex: i32,
  gradientScale: f32,
  loss: usize,
  grad: usize,
): void {
  const k = expTable;
  let qsum: f64 = 0;
  for (let c = 0; c < classes; c++) qsum += <f64>load<f32>(q + ((<usize>c) << 2));
  const keep: f64 = 1.0 - <f64>epsilon;
  const eps: f64 = <f64>epsilon;
  const veps = f32x4.splat(epsilon * gradientScale);
  const mask = tailMask(classes);
  const end = fullEnd(classes);
  const rowBytes = (<usize>classes) << 2;
  // The exp pass over a row also takes the max of the next one (its loads from memory then overlap the exps).
  let known = false;
  let nextMax: f32 = 0;
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const out = grad !== 0 ? grad + (<usize>n) * rowBytes : 0;
    const y = load<i32>(labels + ((<usize>n) << 2));
    if (hasIgnore !== 0 && y === ignoreIndex) {
      store<f32>(loss + ((<usize>n) << 2), 0);
      if (out !== 0) memory.fill(out, 0, rowBytes);
      known = false;
      continue;
    }
    const wy = <f64>load<f32>(weights + ((<usize>y) << 2));
    const m = known ? nextMax : rowMax(row, classes, mask);
    const next = n + 1 < rows ? row + rowBytes : row;
    // Pass 2: exps (stored in the gradient row), S, and Σ q·(z − m) (all terms ≤ 0: no cancellation).
    const vm = f32x4.splat(m);
    let vsum = f32x4.splat(0);
    let vdot = f32x4.splat(0);
    let vnext = f32x4.splat(<f32>-Infinity);
    let j = 0;
    // Two vectors per step (two independent exp chains); the loop is written twice so that the hot one has no branch.
    if (out !== 0) {
      for (; j + 8 <= end; j += 8) {
        const offset = (<usize>j) << 2;
        const d = f32x4.sub(v128.load(row + offset), vm);
        const d2 = f32x4.sub(v128.load(row + offset, 16), vm);
        const e = vexpNeg(d, k);
        const e2 = vexpNeg(d2, k);
        v128.store(out + offset, e);
        v128.store(out + offset, e2, 16);
        vsum = f32x4.add(vsum, f32x4.add(e, e2));
        vdot = f32x4.add(vdot, f32x4.add(f32x4.mul(v128.load(q + offset), d), f32x4.mul(v128.load(q + offset, 16), d2)));
        vnext = f32x4.pmax(vnext, f32x4.pmax(v128.load(next + offset), v128.load(next + offset, 16)));
      }
    } else {
      for (; j + 8 <= end; j += 8) {
        const offset = (<usize>j) << 2;
        const d = f32x4.sub(v128.load(row + offset), vm);
        const d2 = f32x4.sub(v128.load(row + offset, 16), vm);
        vsum = f32x4.add(vsum, f32x4.add(vexpNeg(d, k), vexpNeg(d2, k)));
        vdot = f32x4.add(vdot, f32x4.add(f32x4.mul(v128.load(q + offset), d), f32x4.mul(v128.load(q + offset, 16), d2)));
        vnext = f32x4.pmax(vnext, f32x4.pmax(v128.load(next + offset), v128.load(next + offset, 16)));
      }
    }
    for (; j < end; j += 4) {
      const offset = (<usize>j) << 2;
      const d = f32x4.sub(v128.load(row + offset), vm);
      const e = vexpNeg(d, k);
      if (out !== 0) v128.store(out + offset, e);
      vsum = f32x4.add(vsum, e);
      vdot = f32x4.add(vdot, f32x4.mul(v128.load(q + offset), d));
      vnext = f32x4.pmax(vnext, v128.load(next + offset));
    }
    if (j < classes) {
      const offset = (<usize>j) << 2;
      const d = f32x4.sub(v128.load(row + offset), vm);
      const e = v128.and(vexpNeg(d, k), mask);
      if (out !== 0) v128.store(out + offset, e);
      vsum = f32x4.add(vsum, e);
      vdot = f32x4.add(vdot, v128.and(f32x4.mul(v128.load(q + offset), d), mask));
      vnext = f32x4.pmax(vnext, v128.bitselect(v128.load(next + offset), f32x4.splat(<f32>-Infinity), mask));
    }
    nextMax = hmax(vnext);
    known = true;
    const sum = hsum(vsum);
    const dot = hsum(vdot);
    const zy = <f64>load<f32>(row + ((<usize>y) << 2));
    const a = keep * wy + eps * qsum;
    store<f32>(loss + ((<usize>n) << 2), <f32>(a * ln(sum) + keep * wy * (<f64>m - zy) - eps * dot));
    if (out === 0) continue;
    // Pass 3: scale the stored exps into the gradient. The labelled class is then recomputed in float64 from its exp as
    // A·p_y − u_y with u_y = (1−ε)·w_y + ε·q_y summed in the order A's terms are: with one class (A = u_y, p_y = 1) it
    // is exactly 0, as in PyTorch.
    const gy = out + ((<usize>y) << 2);
    const py = <f64>load<f32>(gy) / sum;
    const vscale = f32x4.splat(<f32>((a / sum) * <f64>gradientScale));
    for (j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      v128.store(out + offset, f32x4.sub(f32x4.mul(v128.load(out + offset), vscale), f32x4.mul(veps, v128.load(q + offset))));
    }
    const uy = keep * wy + eps * <f64>load<f32>(q + ((<usize>y) << 2));
    store<f32>(gy, <f32>((a * py - uy) * <f64>gradientScale));
  }
}

/**
 * Probability targets t (rows of `targets`): u_c = w_c·((1−ε)·t_c + ε·π_c), U = Σ u_c,
 *   ℓ_n = U·log S − Σ_c u_c·(z_c − m),   ∂ℓ_n/∂z_j = U·exp(z_j − m)/S − u_j   (times `gradientScale`).
 */
export function lsceProbability(
  logits: usize,
  rows: i32,
  classes: i32,
  targets: usize,
  weights: usize,
  prior: usize,
  epsilon: f32,
  gradientScale: f32,
  loss: usize,
  grad: usize,
): void {
  const k = expTable;
  const vkeep = f32x4.splat(<f32>1.0 - epsilon);
  const veps = f32x4.splat(epsilon);
  const vgs = f32x4.splat(gradientScale);
  const mask = tailMask(classes);
  const end = fullEnd(classes);
  const rowBytes = (<usize>classes) << 2;
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const target = targets + (<usize>n) * rowBytes;
    const out = grad !== 0 ? grad + (<usize>n) * rowBytes : 0;
    const m = rowMax(row, classes, mask);
    const vm = f32x4.splat(m);
    let vsum = f32x4.splat(0);
    let vdot = f32x4.splat(0);
    let vu = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const lanes = j < end ? i32x4.splat(-1) : mask;
      const d = f32x4.sub(v128.load(row + offset), vm);
      const e = v128.and(vexpNeg(d, k), lanes);
      if (out !== 0) v128.store(out + offset, e);
      const u = v128.and(
        f32x4.mul(
          v128.load(weights + offset),
          f32x4.add(f32x4.mul(vkeep, v128.load(target + offset)), f32x4.mul(veps, v128.load(prior + offset))),
        ),
        lanes,
      );
      vsum = f32x4.add(vsum, e);
      vu = f32x4.add(vu, u);
      vdot = f32x4.add(vdot, v128.and(f32x4.mul(u, d), lanes));
    }
    const sum = hsum(vsum);
    const usum = hsum(vu);
    const dot = hsum(vdot);
    store<f32>(loss + ((<usize>n) << 2), <f32>(usum * ln(sum) - dot));
    if (out === 0) continue;
    const vscale = f32x4.splat(<f32>((usum / sum) * <f64>gradientScale));
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const u = f32x4.mul(
        v128.load(weights + offset),
        f32x4.add(f32x4.mul(vkeep, v128.load(target + offset)), f32x4.mul(veps, v128.load(prior + offset))),
      );
      v128.store(out + offset, f32x4.sub(f32x4.mul(v128.load(out + offset), vscale), f32x4.mul(u, vgs)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Calibration statistics

/** First index of `m` in the row (the argmax; ties go to the lowest index, as torch.argmax does on CPU). */
function firstIndexOf(row: usize, classes: i32, m: f32): i32 {
  const vm = f32x4.splat(m);
  let j = 0;
  for (; j + 4 <= classes; j += 4) {
    const mask = i32x4.bitmask(f32x4.eq(v128.load(row + ((<usize>j) << 2)), vm));
    if (mask !== 0) return j + ctz(mask);
  }
  for (; j < classes; j++) if (load<f32>(row + ((<usize>j) << 2)) === m) return j;
  return 0;
}

/**
 * Uniform right-closed bin m (0-based) of a confidence c: the m with m/M < c ≤ (m+1)/M, comparing against edges
 * k/M computed in float64 (never floor(c·M)); c ≤ 0 goes to bin 0, c ≥ 1 to the last.
 */
function binOf(c: f64, bins: i32): i32 {
  const mf = <f64>bins;
  let b = <i32>Math.ceil(c * mf) - 1;
  if (b < 0) b = 0;
  if (b > bins - 1) b = bins - 1;
  while (b > 0 && c <= <f64>b / mf) b--;
  while (b < bins - 1 && c > <f64>(b + 1) / mf) b++;
  return b;
}

function accumulateBin(c: f32, correct: bool, bins: i32, counts: usize, sums: usize, hits: usize): void {
  const offset = (<usize>binOf(<f64>c, bins)) << 3;
  store<f64>(counts + offset, load<f64>(counts + offset) + 1.0);
  store<f64>(sums + offset, load<f64>(sums + offset) + <f64>c);
  if (correct) store<f64>(hits + offset, load<f64>(hits + offset) + 1.0);
}

/**
 * From logits: per row the confidence max softmax = 1/S (float32), the argmax, log-sum-exp and NLL = lse − z_y; per
 * bin the count, the confidence sum and the count of correct predictions (float64, added to what is there).
 * Returns the first row holding a non-finite logit (NaN, ±∞), or −1; such rows are left out of the bins.
 */
export function calibrationLogits(
  logits: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  bins: i32,
  confidence: usize,
  predicted: usize,
  logSumExp: usize,
  nll: usize,
  counts: usize,
  sums: usize,
  hits: usize,
): i32 {
  const k = expTable;
  const rowBytes = (<usize>classes) << 2;
  const mask = tailMask(classes);
  let bad: i32 = -1;
  let m: f32 = rows > 0 ? rowMaxMin(logits, classes, mask) : 0;
  let low = rowMinimum;
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const hasNext = n + 1 < rows;
    // +∞ fails the first comparison, −∞ the second; NaN (skipped by the max and min) makes the exp sum NaN. The
    // exp pass over this row also takes the next row's max and min, so that its loads from memory overlap the exps.
    let sum: f64 = NaN;
    if (m < <f32>Infinity && low > <f32>-Infinity) {
      sum = hasNext ? rowSumExpWithNext(row, row + rowBytes, classes, m, mask, k) : rowSumExp(row, classes, m, mask, k);
    } else if (hasNext) {
      nextMaximum = rowMaxMin(row + rowBytes, classes, mask);
      nextMinimum = rowMinimum;
    }
    const rowMaximum = m;
    m = nextMaximum;
    low = nextMinimum;
    if (!(sum >= 1.0)) {
      if (bad < 0) bad = n;
      continue;
    }
    const arg = firstIndexOf(row, classes, rowMaximum);
    const y = load<i32>(labels + ((<usize>n) << 2));
    const logS = ln(sum);
    const c = <f32>(1.0 / sum);
    const at = (<usize>n) << 2;
    store<f32>(confidence + at, c);
    store<i32>(predicted + at, arg);
    store<f32>(logSumExp + at, <f32>(<f64>rowMaximum + logS));
    store<f32>(nll + at, <f32>(logS + (<f64>rowMaximum - <f64>load<f32>(row + ((<usize>y) << 2)))));
    accumulateBin(c, arg === y, bins, counts, sums, hits);
  }
  return bad;
}

/**
 * 0 when every one of `classes` floats at `row` is finite, NaN otherwise (Σ 0·x: 0·±∞ and 0·NaN are NaN); the partial
 * last vector's extra lanes are masked out.
 */
function rowNonFinite(row: usize, classes: i32, mask: v128): f32 {
  const zero = f32x4.splat(0);
  let acc = zero;
  const end = fullEnd(classes);
  let j = 0;
  for (; j < end; j += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(row + ((<usize>j) << 2)), zero));
  if (j < classes) acc = f32x4.add(acc, v128.and(f32x4.mul(v128.load(row + ((<usize>j) << 2)), zero), mask));
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

/**
 * The same from probabilities: confidence = max p, NLL = −log p_y. Returns the first row holding a NaN or ±∞, or −1;
 * such rows are left out of the bins.
 */
export function calibrationProbabilities(
  probabilities: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  bins: i32,
  confidence: usize,
  predicted: usize,
  nll: usize,
  counts: usize,
  sums: usize,
  hits: usize,
): i32 {
  const rowBytes = (<usize>classes) << 2;
  const mask = tailMask(classes);
  let bad: i32 = -1;
  for (let n = 0; n < rows; n++) {
    const row = probabilities + (<usize>n) * rowBytes;
    if (rowNonFinite(row, classes, mask) !== 0) {
      if (bad < 0) bad = n;
      continue;
    }
    const m = rowMax(row, classes, mask);
    const arg = firstIndexOf(row, classes, m);
    const y = load<i32>(labels + ((<usize>n) << 2));
    const at = (<usize>n) << 2;
    store<f32>(confidence + at, m);
    store<i32>(predicted + at, arg);
    store<f32>(nll + at, <f32>-ln(<f64>load<f32>(row + ((<usize>y) << 2))));
    accumulateBin(m, arg === y, bins, counts, sums, hits);
  }
  return bad;
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Temperature scaling

/**
 * NLL of softmax(z/T), T = exp(s), summed over rows, with d/ds and d²/ds² (β = 1/T = exp(−s), given by the host;
 * E and Var under p = softmax(βz)):
 *   f = Σ_n log S_n + β·(m − z_y),  f' = −β·Σ_n (E[z] − z_y),  f'' = Σ_n β²·Var[z] + β·(E[z] − z_y).
 * Writes f, f', f'' as float64 at `out` (non-finite logits make them non-finite).
 */
export function temperatureNll(logits: usize, rows: i32, classes: i32, labels: usize, beta: f64, out: usize): void {
  const k = expTable;
  const vbeta = f32x4.splat(<f32>beta);
  const mask = tailMask(classes);
  const end = fullEnd(classes);
  const rowBytes = (<usize>classes) << 2;
  let f: f64 = 0;
  let g: f64 = 0;
  let h: f64 = 0;
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const m = rowMax(row, classes, mask);
    const vm = f32x4.splat(m);
    let vs = f32x4.splat(0);
    let v1 = f32x4.splat(0);
    let v2 = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const lanes = j < end ? i32x4.splat(-1) : mask;
      const d = v128.and(f32x4.sub(v128.load(row + ((<usize>j) << 2)), vm), lanes);
      // Exactly 0 below the exp's range (not vexpNeg's FLT_MIN): at β up to e^80 the derivative sums multiply e by d²β².
      const x = f32x4.mul(d, vbeta);
      const e = v128.and(v128.andnot(vexpNeg(x, k), f32x4.lt(x, v128.load(k, 0))), lanes);
      const ed = f32x4.mul(e, d);
      vs = f32x4.add(vs, e);
      v1 = f32x4.add(v1, ed);
      v2 = f32x4.add(v2, f32x4.mul(ed, d));
    }
    const s = hsum(vs);
    const s1 = hsum(v1);
    const s2 = hsum(v2);
    const gap = <f64>load<f32>(row + ((<usize>load<i32>(labels + ((<usize>n) << 2))) << 2)) - <f64>m; // z_y − m ≤ 0
    const mean = s1 / s; // E[z − m]
    const variance = max(s2 / s - mean * mean, 0.0);
    f += ln(s) - beta * gap;
    g -= beta * (mean - gap);
    h += beta * beta * variance + beta * (mean - gap);
  }
  store<f64>(out, f);
  store<f64>(out, g, 8);
  store<f64>(out, h, 16);
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Softmax focal loss, forward + backward

/** log1p(x) in float64 (x > −1) from {@link ln}: ln(u)·x/(u − 1) with u = 1 + x corrects the rounding of u. */
function ln1p(x: f64): f64 {
  const u = 1.0 + x;
  if (u === 1.0) return x;
  return ln(u) * (x / (u - 1.0));
}

/**
 * log(1 − p) of four lanes with p in [0, 1/2]: 2·atanh(s) with s = −p/(2 − p) ∈ [−1/3, 0], by the series
 * 2s·(1 + s²/3 + … + s¹²/13), whose truncation stays below 2e-8 relative there (no cancellation as p → 0).
 */
@inline
function vlogComplement(p: v128): v128 {
  const s = f32x4.div(f32x4.neg(p), f32x4.sub(f32x4.splat(2), p));
  const s2 = f32x4.mul(s, s);
  let q = f32x4.add(f32x4.mul(f32x4.splat(<f32>(1.0 / 13.0)), s2), f32x4.splat(<f32>(1.0 / 11.0)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 9.0)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 7.0)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 5.0)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(<f32>(1.0 / 3.0)));
  q = f32x4.add(f32x4.mul(q, s2), f32x4.splat(1));
  return f32x4.mul(f32x4.add(s, s), q);
}

/**
 * Softmax focal loss with label smoothing and per-class α. Row n (skipped — loss 0, gradient 0 — when `hasIgnore` and
 * its label is `ignoreIndex`) has p = softmax(z), the target t (one-hot of the label from `labels`, or the row of
 * `targets`; the other pointer is 0), u_c = α_c·((1−ε)·t_c + ε/C), f_c = (1 − p_c)^γ and
 *   ℓ_n = −Σ_c u_c·f_c·log p_c,   ∂ℓ_n/∂z_j = p_j·Σ_c g_c − g_j,   g_c = u_c·f_c·(1 − γ·p_c·log p_c/(1 − p_c)),
 * times `gradientScale` in the gradient (written to `grad`, which must be given). γ is `gammaLow` on rows whose
 * true-class probability (p_y, or Σ t·p for probability targets) is below `threshold`, else `gamma` (threshold 0:
 * one γ for every row).
 *
 * The row's first largest class a is computed apart in float64 from S' = Σ_{c≠a} exp(z_c − m): p_a = 1/(1 + S'),
 * 1 − p_a = S'/(1 + S') and log p_a = −log1p(S') keep their accuracy where p_a rounds to 1, and log p_a/(1 − p_a) → −1
 * where S' underflows, so saturated rows (and γ < 1) give finite gradients. Every other class has p ≤ 1/2, where
 * log(1 − p) is {@link vlogComplement}. A row holding NaN or ±∞ gets a NaN loss (the host names the value).
 * Index targets without smoothing take the labelled class's term only (one exp pass and one scaling pass).
 */
export function focalRows(
  logits: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  targets: usize,
  alpha: usize,
  epsilon: f32,
  gamma: f32,
  gammaLow: f32,
  threshold: f32,
  hasIgnore: i32,
  ignoreIndex: i32,
  gradientScale: f32,
  loss: usize,
  grad: usize,
): void {
  const k = expTable;
  const mask = tailMask(classes);
  const end = fullEnd(classes);
  const rowBytes = (<usize>classes) << 2;
  const keep: f64 = 1.0 - <f64>epsilon;
  const spread: f64 = <f64>epsilon / <f64>classes;
  const vkeep = f32x4.splat(<f32>keep);
  const vspread = f32x4.splat(<f32>spread);
  const gs = <f64>gradientScale;
  const vgs = f32x4.splat(gradientScale);
  const four = i32x4.splat(4);
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const out = grad + (<usize>n) * rowBytes;
    const target = targets !== 0 ? targets + (<usize>n) * rowBytes : 0;
    const y = labels !== 0 ? load<i32>(labels + ((<usize>n) << 2)) : -1;
    if (labels !== 0 && hasIgnore !== 0 && y === ignoreIndex) {
      store<f32>(loss + ((<usize>n) << 2), 0);
      memory.fill(out, 0, rowBytes);
      continue;
    }
    const m = rowMaxMin(row, classes, mask);
    const a = firstIndexOf(row, classes, m);
    // Pass 1: exps (stored in the gradient row), S' (every class but a) and, for probability targets, Σ t·exp.
    const vm = f32x4.splat(m);
    const va = i32x4.splat(a);
    let vindex = i32x4(0, 1, 2, 3);
    let vrest = f32x4.splat(0);
    let vte = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const lanes = j < end ? i32x4.splat(-1) : mask;
      const e = v128.and(vexpNeg(f32x4.sub(v128.load(row + offset), vm), k), lanes);
      v128.store(out + offset, e);
      vrest = f32x4.add(vrest, v128.andnot(e, i32x4.eq(vindex, va)));
      if (target !== 0) vte = f32x4.add(vte, v128.and(f32x4.mul(v128.load(target + offset), e), lanes));
      vindex = i32x4.add(vindex, four);
    }
    const rest = hsum(vrest);
    const sum = 1.0 + rest;
    const logS = ln1p(rest);
    const ta: f64 = target !== 0 ? <f64>load<f32>(target + ((<usize>a) << 2)) : a === y ? 1.0 : 0.0;
    const py = target !== 0 ? hsum(vte) / sum : <f64>load<f32>(out + ((<usize>y) << 2)) / sum;
    const g = <f64>(threshold > 0 && py < <f64>threshold ? gammaLow : gamma);
    // The largest class, in float64.
    const pa = 1.0 / sum;
    const qa = rest / sum;
    const la = -logS;
    const fa = g === 0.0 ? 1.0 : rest > 0.0 ? <f64>sexp(<f32>(g * (ln(rest) - logS)), k) : 0.0;
    const ra = rest > 0.0 ? la / qa : -1.0;
    const bad = !(rowMinimum > -Infinity) || !(m > -Infinity && m < Infinity) || !(rest < Infinity) || rest !== rest;
    if (labels !== 0 && epsilon === 0) {
      // Only the labelled class has a target: ℓ = −α_y·f_y·log p_y, ∂ℓ/∂z_j = g_y·(p_j − [j = y]).
      const u = <f64>load<f32>(alpha + ((<usize>y) << 2));
      let p = pa;
      let q = qa;
      let l = la;
      let f = fa;
      let r = ra;
      if (y !== a) {
        p = <f64>load<f32>(out + ((<usize>y) << 2)) / sum;
        q = 1.0 - p;
        l = <f64>load<f32>(row + ((<usize>y) << 2)) - <f64>m - logS;
        f = g === 0.0 ? 1.0 : <f64>sexp(<f32>(g * ln1p(-p)), k);
        r = l / q;
      }
      const gy = u * f * (1.0 - g * p * r);
      store<f32>(loss + ((<usize>n) << 2), bad ? NaN : <f32>(-u * f * l));
      const vscale = f32x4.splat(<f32>((gy / sum) * gs));
      for (let j = 0; j < classes; j += 4) {
        const offset = (<usize>j) << 2;
        v128.store(out + offset, f32x4.mul(v128.load(out + offset), vscale));
      }
      store<f32>(out + ((<usize>y) << 2), <f32>(-gy * q * gs));
      continue;
    }
    // Pass 2: g_c (stored in the gradient row), Σ u·f·log p and Σ g over every class but a.
    const vinv = f32x4.splat(<f32>(1.0 / sum));
    const vlogS = f32x4.splat(<f32>logS);
    const vg = f32x4.splat(<f32>g);
    const vy = i32x4.splat(y);
    const one = f32x4.splat(1);
    vindex = i32x4(0, 1, 2, 3);
    let vloss = f32x4.splat(0);
    let vgsum = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const lanes = v128.andnot(j < end ? i32x4.splat(-1) : mask, i32x4.eq(vindex, va));
      const p = f32x4.mul(v128.load(out + offset), vinv);
      const l = f32x4.sub(f32x4.sub(v128.load(row + offset), vm), vlogS);
      const f = vexpNeg(f32x4.mul(vg, vlogComplement(p)), k);
      const t = target !== 0 ? v128.load(target + offset) : v128.and(i32x4.eq(vindex, vy), one);
      const u = f32x4.mul(v128.load(alpha + offset), f32x4.add(f32x4.mul(vkeep, t), vspread));
      const uf = f32x4.mul(u, f);
      const r = f32x4.div(l, f32x4.sub(one, p));
      const gc = f32x4.mul(uf, f32x4.sub(one, f32x4.mul(vg, f32x4.mul(p, r))));
      v128.store(out + offset, gc);
      vloss = f32x4.add(vloss, v128.and(f32x4.mul(uf, l), lanes));
      vgsum = f32x4.add(vgsum, v128.and(gc, lanes));
      vindex = i32x4.add(vindex, four);
    }
    const ua = <f64>load<f32>(alpha + ((<usize>a) << 2)) * (keep * ta + spread);
    const ga = ua * fa * (1.0 - g * pa * ra);
    const grest = hsum(vgsum);
    const total = grest + ga;
    store<f32>(loss + ((<usize>n) << 2), bad ? NaN : <f32>-(hsum(vloss) + ua * fa * la));
    // Pass 3: the gradient p_j·Σg − g_j, p_j from a second exp; for a as p_a·Σ_{c≠a} g_c − (1 − p_a)·g_a.
    const vtotal = f32x4.splat(<f32>(total / sum));
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const e = vexpNeg(f32x4.sub(v128.load(row + offset), vm), k);
      v128.store(out + offset, f32x4.mul(f32x4.sub(f32x4.mul(e, vtotal), v128.load(out + offset)), vgs));
    }
    store<f32>(out + ((<usize>a) << 2), <f32>((pa * grest - qa * ga) * gs));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Confidence penalty: label-smoothed cross-entropy and the entropy of softmax(z), forward + backward

/**
 * Per row the label-smoothed cross-entropy CE_n of {@link lsceIndex} (index targets from `labels`: `q` = π·w) or
 * {@link lsceProbability} (probability targets from `targets`, `prior` π; the other pointer is 0), written to `loss`,
 * and the entropy H_n = −Σ_c p_c·log p_c of p = softmax(z), written to `entropy`, with the gradient of
 * ceScale·CE_n − penaltyScale·H_n (penaltyScale holds β):
 *   ceScale·∂CE_n/∂z_j + penaltyScale·p_j·(log p_j + H_n).
 * H is summed from terms p_c·(log S − (z_c − m)) ≥ 0 (no cancellation). Ignored rows get 0 in all three outputs.
 */
export function confidencePenaltyRows(
  logits: usize,
  rows: i32,
  classes: i32,
  labels: usize,
  targets: usize,
  weights: usize,
  q: usize,
  epsilon: f32,
  hasIgnore: i32,
  ignoreIndex: i32,
  ceScale: f32,
  penaltyScale: f32,
  loss: usize,
  entropy: usize,
  grad: usize,
): void {
  const k = expTable;
  const mask = tailMask(classes);
  const end = fullEnd(classes);
  const rowBytes = (<usize>classes) << 2;
  const keep: f64 = 1.0 - <f64>epsilon;
  const eps: f64 = <f64>epsilon;
  const vkeep = f32x4.splat(<f32>keep);
  const veps = f32x4.splat(epsilon);
  const ce = <f64>ceScale;
  const pen = <f64>penaltyScale;
  let qsum: f64 = 0;
  for (let c = 0; c < classes; c++) qsum += <f64>load<f32>(q + ((<usize>c) << 2));
  for (let n = 0; n < rows; n++) {
    const row = logits + (<usize>n) * rowBytes;
    const out = grad + (<usize>n) * rowBytes;
    const target = targets !== 0 ? targets + (<usize>n) * rowBytes : 0;
    const y = labels !== 0 ? load<i32>(labels + ((<usize>n) << 2)) : -1;
    const at = (<usize>n) << 2;
    if (labels !== 0 && hasIgnore !== 0 && y === ignoreIndex) {
      store<f32>(loss + at, 0);
      store<f32>(entropy + at, 0);
      memory.fill(out, 0, rowBytes);
      continue;
    }
    const m = rowMax(row, classes, mask);
    const vm = f32x4.splat(m);
    // Pass 1: exps (stored in the gradient row), S, Σ u·(z − m) and Σu (u: the smoothed, weighted target).
    let vsum = f32x4.splat(0);
    let vdot = f32x4.splat(0);
    let vu = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const lanes = j < end ? i32x4.splat(-1) : mask;
      const d = f32x4.sub(v128.load(row + offset), vm);
      const e = v128.and(vexpNeg(d, k), lanes);
      v128.store(out + offset, e);
      vsum = f32x4.add(vsum, e);
      const u =
        target !== 0
          ? f32x4.mul(v128.load(weights + offset), f32x4.add(f32x4.mul(vkeep, v128.load(target + offset)), f32x4.mul(veps, v128.load(q + offset))))
          : v128.load(q + offset);
      vdot = f32x4.add(vdot, v128.and(f32x4.mul(u, d), lanes));
      vu = f32x4.add(vu, v128.and(u, lanes));
    }
    const sum = hsum(vsum);
    const logS = ln(sum);
    const dot = hsum(vdot);
    let lossValue: f64;
    let scale: f64;
    let wy: f64 = 0;
    if (target !== 0) {
      scale = hsum(vu);
      lossValue = scale * logS - dot;
    } else {
      wy = <f64>load<f32>(weights + ((<usize>y) << 2));
      scale = keep * wy + eps * qsum;
      lossValue = scale * logS + keep * wy * (<f64>m - <f64>load<f32>(row + ((<usize>y) << 2))) - eps * dot;
    }
    // Pass 2: H = Σ p·(log S − (z − m)).
    const vlogS = f32x4.splat(<f32>logS);
    let vh = f32x4.splat(0);
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const lanes = j < end ? i32x4.splat(-1) : mask;
      const d = f32x4.sub(v128.load(row + offset), vm);
      vh = f32x4.add(vh, v128.and(f32x4.mul(v128.load(out + offset), f32x4.sub(vlogS, d)), lanes));
    }
    const h = hsum(vh) / sum;
    store<f32>(loss + at, <f32>lossValue);
    store<f32>(entropy + at, <f32>h);
    // Pass 3: exp_j·((A·ce + pen·(H − log S)) + pen·(z_j − m))/S − ce·(smoothing part of the target)_j.
    const ey: f64 = target === 0 ? <f64>load<f32>(out + ((<usize>y) << 2)) : 0;
    const vc1 = f32x4.splat(<f32>((scale * ce + pen * (h - logS)) / sum));
    const vc2 = f32x4.splat(<f32>(pen / sum));
    const vce = f32x4.splat(ceScale);
    const vepsce = f32x4.splat(<f32>(eps * ce));
    for (let j = 0; j < classes; j += 4) {
      const offset = (<usize>j) << 2;
      const d = f32x4.sub(v128.load(row + offset), vm);
      const e = v128.load(out + offset);
      const u =
        target !== 0
          ? f32x4.mul(f32x4.mul(v128.load(weights + offset), f32x4.add(f32x4.mul(vkeep, v128.load(target + offset)), f32x4.mul(veps, v128.load(q + offset)))), vce)
          : f32x4.mul(vepsce, v128.load(q + offset));
      v128.store(out + offset, f32x4.sub(f32x4.mul(e, f32x4.add(vc1, f32x4.mul(vc2, d))), u));
    }
    if (target === 0) {
      // The labelled class in float64, as lsceIndex computes it (exactly 0 with one class and no penalty).
      const p = ey / sum;
      const uy = keep * wy + eps * <f64>load<f32>(q + ((<usize>y) << 2));
      const ly = <f64>load<f32>(row + ((<usize>y) << 2)) - <f64>m - logS;
      store<f32>(out + ((<usize>y) << 2), <f32>((scale * p - uy) * ce + pen * p * (ly + h)));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Convolution and pooling (NHWC): see convolution.ts.

export * from './convolution';

// ---------------------------------------------------------------------------------------------------------------
// The float64 objective of matrix scaling and Dirichlet calibration: see linear-softmax.ts.

export * from './linear-softmax';
