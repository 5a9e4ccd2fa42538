import { describe, expect, it } from 'vitest';

import { fastExp, kernelLog } from './fast-exp';

/** The documented bound on the kernels' exp: relative error below 1.5e-7 (measured: 8.0e-8) on [−87.3, 88]. */
const MAX_RELATIVE_ERROR = 1.5e-7;

describe('the kernels’ SIMD exp', () => {
  it(`stays within ${MAX_RELATIVE_ERROR} relative error of Math.exp over [−87.3, 88] (dense sweep)`, () => {
    const count = 1_000_003;
    const inputs = Float32Array.from({ length: count }, (_, index) => -87.3 + (175.3 * index) / (count - 1));
    const outputs = fastExp(inputs);
    let worst = 0;
    let worstAt = 0;
    for (let index = 0; index < count; index += 1) {
      const exact = Math.exp(inputs[index] as number);
      const error = Math.abs((outputs[index] as number) - exact) / exact;
      if (error > worst) {
        worst = error;
        worstAt = inputs[index] as number;
      }
    }
    console.info(`fast exp: max relative error ${worst.toExponential(3)} at x = ${worstAt}`);
    expect(worst).toBeLessThan(MAX_RELATIVE_ERROR);
  });

  it(`has the same accuracy in the row kernels' variant for x ≤ 0, which floors at FLT_MIN and keeps NaN`, () => {
    const count = 500_000;
    const inputs = Float32Array.from({ length: count }, (_, index) => (-87.3 * index) / (count - 1));
    const outputs = fastExp(inputs, 'negative');
    let worst = 0;
    inputs.forEach((x, index) => {
      worst = Math.max(worst, Math.abs((outputs[index] as number) / Math.exp(x) - 1));
    });
    expect(worst).toBeLessThan(MAX_RELATIVE_ERROR);
    const edges = fastExp(new Float32Array([-1e4, Number.NEGATIVE_INFINITY, Number.NaN, 0]), 'negative');
    expect(edges[0]).toBeLessThanOrEqual(1.2e-38);
    expect(edges[1]).toBeLessThanOrEqual(1.2e-38);
    expect(Number.isNaN(edges[2])).toBe(true);
    expect(edges[3]).toBe(1);
  });

  it('is exact at 0, flushes below −87.34 to 0 and handles the tail lanes', () => {
    const outputs = fastExp(new Float32Array([0, -87.5, -1e4, -Infinity, 1, -1, 0.5]));
    expect(outputs[0]).toBe(1);
    expect(Array.from(outputs.subarray(1, 4))).toEqual([0, 0, 0]);
    for (const [index, x] of [
      [4, 1],
      [5, -1],
      [6, 0.5],
    ] as const) {
      expect(Math.abs((outputs[index] as number) / Math.exp(x) - 1)).toBeLessThan(MAX_RELATIVE_ERROR);
    }
  });
});

describe('the kernels’ table-free float64 log', () => {
  it('agrees with Math.log to 1e-15 relative (or 1e-300 absolute) from subnormals to the largest double', () => {
    const inputs: number[] = [
      1,
      2,
      0.5,
      Math.SQRT2,
      Math.SQRT1_2,
      1 + 2 ** -52,
      1 - 2 ** -53,
      5e-324,
      2.2250738585072014e-308,
      1.7976931348623157e308,
      Math.E,
      10,
    ];
    for (let exponent = -1070; exponent <= 1020; exponent += 7.3)
      inputs.push(2 ** exponent * (1 + ((exponent * 7919) % 1000) / 1000));
    for (let index = 0; index < 100_000; index += 1) inputs.push(0.5 + index / 40_000);
    const outputs = kernelLog(Float64Array.from(inputs));
    let worst = 0;
    inputs.forEach((x, index) => {
      const exact = Math.log(x);
      const error = Math.abs((outputs[index] as number) - exact) / Math.max(Math.abs(exact), 1e-300);
      worst = Math.max(worst, Math.abs(exact) < 1e-300 ? Math.abs(outputs[index] as number) : error);
    });
    expect(worst).toBeLessThan(1e-15);
  });

  it('gives −∞ at 0, NaN below 0 and for NaN, +∞ at +∞', () => {
    const outputs = kernelLog(new Float64Array([0, -1, Number.NaN, Number.POSITIVE_INFINITY]));
    expect(outputs[0]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(outputs[1])).toBe(true);
    expect(Number.isNaN(outputs[2])).toBe(true);
    expect(outputs[3]).toBe(Number.POSITIVE_INFINITY);
  });
});
