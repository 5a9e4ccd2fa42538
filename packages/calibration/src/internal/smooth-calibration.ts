/**
 * Smooth ECE (Błasiok & Nakkiran 2023): the residuals r_i = y_i − f_i smoothed by the reflected Gaussian kernel on
 * [0, 1] and integrated in absolute value, `smECE_σ = ∫₀¹ |(1/n) Σ_i K̃_σ(t, f_i) r_i| dt`, with the bandwidth at the
 * fixed point σ* = smECE_σ*.
 *
 * Discretisation: a grid of G points t_j = j/(G − 1). Each row's residual is split linearly between the two grid
 * points around f_i (weights preserving its mass and mean); the smoothed residual is evaluated at the grid points
 * with the exact reflected kernel K̃_σ(t, u) = Σ_k φ_σ(t − u − 2k) + φ_σ(t + u − 2k) (every image of the folding of ℝ
 * onto [0, 1]), evaluated in the grid's cosine basis (see {@link SmoothSpectrum}), and its absolute value is
 * integrated by the trapezoid rule. On that grid the kernel's mass is 1 to within e^{−2π²σ²(G−1)²}.
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

/**
 * The gridded residuals in the cosine basis of the grid: A_k = Σ_l R_l cos(πkl/(G − 1)), computed up to the highest
 * k asked for so far. The reflected Gaussian kernel is the heat kernel of [0, 1] with reflecting ends, so on the grid
 * K̃_σ(t_j, t_l) = Σ_{k=0}^{G−1} μ_k(σ) cos(πkj/(G − 1)) cos(πkl/(G − 1)) exactly, with
 * μ_k = Σ_{n ≡ ±k mod 2(G−1)} e^{−π²n²σ²/2} (every frequency n ∈ ℤ that the grid folds onto k, each once): smoothing
 * is a weighting of the A_k, and the weights fall below e⁻⁴⁵ beyond k = 3.02/σ.
 */
export interface SmoothSpectrum {
  grid: Float64Array;
  /** cos(πm/(G − 1)) for m in [0, 2(G − 1)). */
  cosines: Float64Array;
  /** R_l + R_{G−1−l} and R_l − R_{G−1−l} for l < (G − 1)/2: cos(πk(G − 1 − l)/(G − 1)) = (−1)^k cos(πkl/(G − 1)). */
  sums: Float64Array;
  differences: Float64Array;
  coefficients: Float64Array;
  /** How many of `coefficients` are filled. */
  filled: number;
}

/** The spectrum of `grid` with no coefficient computed yet. */
export function smoothSpectrum(grid: Float64Array): SmoothSpectrum {
  const steps = grid.length - 1;
  const cosines = Float64Array.from({ length: 2 * steps }, (_, m) => Math.cos((Math.PI * m) / steps));
  const half = Math.ceil(steps / 2);
  const sums = Float64Array.from({ length: half }, (_, l) => (grid[l] as number) + (grid[steps - l] as number));
  const differences = Float64Array.from({ length: half }, (_, l) => (grid[l] as number) - (grid[steps - l] as number));
  return { grid, cosines, sums, differences, coefficients: new Float64Array(steps + 1), filled: 0 };
}

function fillCoefficients(spectrum: SmoothSpectrum, highest: number): void {
  const { grid, cosines, sums, differences, coefficients } = spectrum;
  const steps = grid.length - 1;
  const period = cosines.length;
  for (let k = spectrum.filled; k <= highest; k += 1) {
    const paired = k % 2 === 0 ? sums : differences;
    let total = 0;
    let index = 0;
    for (let l = 0; l < paired.length; l += 1) {
      total += (paired[l] as number) * (cosines[index] as number);
      index += k;
      if (index >= period) index -= period;
    }
    // The middle point of an even number of steps has no partner.
    if (steps % 2 === 0) total += (grid[steps / 2] as number) * (cosines[index] as number);
    coefficients[k] = total;
  }
  spectrum.filled = Math.max(spectrum.filled, highest + 1);
}

/** μ_k(σ): the kernel's weight of cosine k on a grid of `steps` + 1 points (see {@link SmoothSpectrum}). */
function kernelWeight(k: number, steps: number, sigma: number): number {
  const period = 2 * steps;
  const scale = (Math.PI * Math.PI * sigma * sigma) / 2;
  const residues = k === 0 || k === steps ? [k] : [k, period - k];
  let total = 0;
  for (const residue of residues) {
    for (let m = 0; ; m += 1) {
      const above = residue + m * period;
      const below = residue - (m + 1) * period;
      const term = Math.exp(-scale * above * above) + Math.exp(-scale * below * below);
      total += term;
      if (term < 1e-300 || m > 64) break;
    }
  }
  return total;
}

/** smECE_σ of the gridded residuals of `spectrum`. */
export function smoothErrorAt(spectrum: SmoothSpectrum, sigma: number): number {
  const { cosines, coefficients } = spectrum;
  const size = spectrum.grid.length;
  const steps = size - 1;
  const period = cosines.length;
  const highest = Math.min(steps, Math.ceil(3.02 / sigma));
  if (highest >= spectrum.filled) fillCoefficients(spectrum, highest);
  const weighted = new Float64Array(highest + 1);
  for (let k = 0; k <= highest; k += 1) weighted[k] = kernelWeight(k, steps, sigma) * (coefficients[k] as number);
  // s_j = E_j + O_j and s_{G−1−j} = E_j − O_j, the sums over even and odd k.
  let integral = 0;
  for (let j = 0; 2 * j <= steps; j += 1) {
    const stride = 2 * j;
    let even = 0;
    for (let k = 0, index = 0; k <= highest; k += 2) {
      even += (weighted[k] as number) * (cosines[index] as number);
      index += stride;
      if (index >= period) index -= period;
    }
    let odd = 0;
    for (let k = 1, index = j; k <= highest; k += 2) {
      odd += (weighted[k] as number) * (cosines[index] as number);
      index += stride;
      if (index >= period) index -= period;
    }
    const edge = j === 0 ? 0.5 : 1;
    if (2 * j === steps) integral += Math.abs(even + odd);
    else integral += edge * (Math.abs(even + odd) + Math.abs(even - odd));
  }
  return integral / steps;
}

/**
 * smECE at `bandwidth`, or at the fixed point for `'auto'`: bisection of [1/(G − 1), 1] for σ with smECE_σ = σ
 * (smECE_σ decreases in σ) for {@link BANDWIDTH_HALVINGS} halvings, moving `hi` to the midpoint where
 * smECE_mid ≤ mid and `lo` otherwise; σ* is the final `hi` (1 when smECE_1 ≥ 1). Returns [smECE_σ*, σ*].
 */
export function smoothError(grid: Float64Array, bandwidth: number | 'auto'): [number, number] {
  const spectrum = smoothSpectrum(grid);
  if (bandwidth !== 'auto') return [smoothErrorAt(spectrum, bandwidth), bandwidth];
  let low = 1 / (grid.length - 1);
  let high = 1;
  let atHigh = smoothErrorAt(spectrum, high);
  if (atHigh >= high) return [atHigh, high];
  for (let halving = 0; halving < BANDWIDTH_HALVINGS; halving += 1) {
    const middle = (low + high) / 2;
    const value = smoothErrorAt(spectrum, middle);
    if (value > middle) low = middle;
    else {
      high = middle;
      atHigh = value;
    }
  }
  return [atHigh, high];
}
