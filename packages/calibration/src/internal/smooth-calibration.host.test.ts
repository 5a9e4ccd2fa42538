import { RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { gridResiduals, smoothError, smoothErrorAt, smoothSeries, smoothSpectrum } from './smooth-calibration';

/** smECE_σ straight from the definition: the dense reflected kernel (images |k| ≤ 8) and the trapezoid rule. */
function denseSmoothError(grid: Float64Array, sigma: number): number {
  const steps = grid.length - 1;
  const phi = (x: number): number => Math.exp(-0.5 * (x / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
  let integral = 0;
  for (let j = 0; j <= steps; j += 1) {
    let s = 0;
    for (let l = 0; l <= steps; l += 1) {
      let kernel = 0;
      for (let k = -8; k <= 8; k += 1) kernel += phi((j - l) / steps - 2 * k) + phi((j + l) / steps - 2 * k);
      s += (grid[l] as number) * kernel;
    }
    integral += (j === 0 || j === steps ? 0.5 : 1) * Math.abs(s);
  }
  return integral / steps;
}

function randomGrid(size: number, seed: number): Float64Array {
  const random = new RandomSource(seed);
  return Float64Array.from({ length: size }, () => (random.uniform() - 0.45) / size);
}

describe('smooth ECE in the cosine basis', () => {
  it('equals the dense reflected kernel for odd and even step counts and any bandwidth', () => {
    for (const size of [3, 4, 10, 11, 64, 65]) {
      const grid = randomGrid(size, size);
      for (const sigma of [1 / (size - 1), 0.03, 0.2, 1]) {
        if (sigma < 1 / (size - 1)) continue;
        const expected = denseSmoothError(grid, sigma);
        const spectrum = smoothSpectrum(grid);
        expect(Math.abs(smoothErrorAt(spectrum, sigma) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, expected));
      }
    }
  });

  it('puts each residual on the two grid points around its score, keeping its mass and mean', () => {
    const series = smoothSeries(
      2,
      (row) => [0.25, 1][row] as number,
      (row) => [1, 0][row] as number,
      5,
    );
    // f = 0.25 sits on grid point 1 (of 0, 0.25, …, 1); f = 1 on the last point, through the last interval.
    expect(Array.from(gridResiduals(series, null, 5))).toEqual([0, 0.375, 0, 0, -0.5]);
    expect(Array.from(gridResiduals(series, Int32Array.from([3, 0]), 5))).toEqual([0, 0.75, 0, 0, 0]);
  });

  it('finds a fixed point: σ* within 1e-6 of smECE at σ*', () => {
    const grid = randomGrid(201, 7);
    const [value, sigma] = smoothError(grid, 'auto');
    const spectrum = smoothSpectrum(grid);
    expect(value).toBeLessThanOrEqual(sigma);
    expect(smoothErrorAt(spectrum, sigma - 1e-6)).toBeGreaterThan(sigma - 1e-6);
  });
});
