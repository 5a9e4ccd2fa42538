/**
 * Smooth ECE (Błasiok & Nakkiran 2023): the residuals r_i = y_i − f_i smoothed by the reflected Gaussian kernel on
 * [0, 1] and integrated in absolute value, `smECE_σ = ∫₀¹ |(1/n) Σ_i K̃_σ(t, f_i) r_i| dt`, with the bandwidth at the
 * fixed point σ* = smECE_σ*.
 *
 * Discretisation: a grid of G points t_j = j/(G − 1). Each row's residual is split linearly between the two grid
 * points around f_i (weights preserving its mass and mean); the smoothed residual is evaluated at the grid points
 * with the exact reflected kernel K̃_σ(t, u) = Σ_k φ_σ(t − u − 2k) + φ_σ(t + u − 2k) (every image of the folding of ℝ
 * onto [0, 1]; terms beyond 12σ, below e⁻⁷² of the peak, are dropped), and its absolute value is integrated by the
 * trapezoid rule. On that grid the kernel's mass is 1 to within e^{−2π²σ²(G−1)²}.
 */

/** Rows of one (score, target) series placed on the grid: the grid point below each score and the share above it. */
export interface SmoothSeries {
  left: Int32Array;
  fraction: Float64Array;
  residual: Float64Array;
}

/** Halvings of the bandwidth bracket: σ* is known to (1 − 1/(G − 1))/2²⁰ < 10⁻⁶. */
export const BANDWIDTH_HALVINGS = 20;

/** The series of scores `score(i)` in [0, 1] and 0/1 targets `target(i)` on a grid of `gridSize` points. */
export function smoothSeries(
  rows: number,
  score: (row: number) => number,
  target: (row: number) => number,
  gridSize: number,
): SmoothSeries {
  const left = new Int32Array(rows);
  const fraction = new Float64Array(rows);
  const residual = new Float64Array(rows);
  const steps = gridSize - 1;
  for (let row = 0; row < rows; row += 1) {
    const f = score(row);
    const position = f * steps;
    const below = Math.min(Math.max(Math.floor(position), 0), steps - 1);
    left[row] = below;
    fraction[row] = position - below;
    residual[row] = target(row) - f;
  }
  return { left, fraction, residual };
}

/** The residual mass (1/n)·Σ w_i r_i at each grid point. */
export function gridResiduals(series: SmoothSeries, weights: Int32Array | null, gridSize: number): Float64Array {
  const grid = new Float64Array(gridSize);
  const { left, fraction, residual } = series;
  let count = 0;
  for (let row = 0; row < left.length; row += 1) {
    const w = weights === null ? 1 : (weights[row] as number);
    if (w === 0) continue;
    count += w;
    const below = left[row] as number;
    const mass = w * (residual[row] as number);
    const share = fraction[row] as number;
    grid[below] = (grid[below] as number) + mass * (1 - share);
    grid[below + 1] = (grid[below + 1] as number) + mass * share;
  }
  for (let j = 0; j < gridSize; j += 1) grid[j] = (grid[j] as number) / count;
  return grid;
}

/** g[m] = Σ_k φ_σ(m·h − 2k) for m in [0, 2(G − 1)): the wrapped Gaussian of period 2 at the grid offsets. */
function wrappedGaussian(sigma: number, gridSize: number): Float64Array {
  const steps = gridSize - 1;
  const period = 2 * steps;
  const table = new Float64Array(period);
  const scale = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const reach = 12 * sigma;
  for (let m = 0; m < period; m += 1) {
    const x = m / steps;
    let total = 0;
    for (let k = Math.ceil((x - reach) / 2); 2 * k <= x + reach; k += 1) {
      const d = (x - 2 * k) / sigma;
      total += Math.exp(-0.5 * d * d);
    }
    table[m] = total * scale;
  }
  return table;
}

/** smECE_σ of the gridded residuals `grid`. */
export function smoothErrorAt(grid: Float64Array, sigma: number): number {
  const size = grid.length;
  const steps = size - 1;
  const period = 2 * steps;
  const g = wrappedGaussian(sigma, size);
  const width = Math.floor(12 * sigma * steps);
  let integral = 0;
  for (let j = 0; j < size; j += 1) {
    let s = 0;
    if (2 * width >= period) {
      for (let l = 0; l < size; l += 1) {
        s += (grid[l] as number) * ((g[Math.abs(j - l)] as number) + (g[(j + l) % period] as number));
      }
    } else {
      for (let l = Math.max(0, j - width); l <= Math.min(steps, j + width); l += 1) {
        s += (grid[l] as number) * (g[Math.abs(j - l)] as number);
      }
      for (let l = 0; l <= Math.min(steps, width - j); l += 1) s += (grid[l] as number) * (g[j + l] as number);
      for (let l = Math.max(0, period - width - j); l <= steps; l += 1) {
        s += (grid[l] as number) * (g[(j + l) % period] as number);
      }
    }
    integral += j === 0 || j === steps ? Math.abs(s) / 2 : Math.abs(s);
  }
  return integral / steps;
}

/**
 * smECE at `bandwidth`, or at the fixed point for `'auto'`: bisection of [1/(G − 1), 1] for σ with smECE_σ = σ
 * (smECE_σ decreases in σ), keeping smECE_lo > lo and smECE_hi ≤ hi for {@link BANDWIDTH_HALVINGS} halvings; σ* is
 * the final `hi` (1 when smECE_1 ≥ 1, the lower end when smECE there is already at most it). Returns [smECE_σ*, σ*].
 */
export function smoothError(grid: Float64Array, bandwidth: number | 'auto'): [number, number] {
  if (bandwidth !== 'auto') return [smoothErrorAt(grid, bandwidth), bandwidth];
  let low = 1 / (grid.length - 1);
  let high = 1;
  let atHigh = smoothErrorAt(grid, high);
  if (atHigh >= high) return [atHigh, high];
  const atLow = smoothErrorAt(grid, low);
  if (atLow <= low) return [atLow, low];
  for (let halving = 0; halving < BANDWIDTH_HALVINGS; halving += 1) {
    const middle = (low + high) / 2;
    const value = smoothErrorAt(grid, middle);
    if (value > middle) low = middle;
    else {
      high = middle;
      atHigh = value;
    }
  }
  return [atHigh, high];
}
