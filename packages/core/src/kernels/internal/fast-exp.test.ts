import { describe, expect, it } from 'vitest';

import { fastExp } from './fast-exp';

/** The documented bound on the kernels' exp: relative error below 1.5e-7 (measured: 8.1e-8) on [−87.3, 88]. */
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

  it('is exact at 0, flushes below −87.34 to 0 and handles the tail lanes', () => {
    const outputs = fastExp(new Float32Array([0, -87.5, -1e4, -Infinity, 1, -1, 0.5]));
    expect(outputs[0]).toBe(1);
    expect(Array.from(outputs.subarray(1, 4))).toEqual([0, 0, 0]);
    for (const [index, x] of [[4, 1], [5, -1], [6, 0.5]] as const) {
      expect(Math.abs((outputs[index] as number) / Math.exp(x) - 1)).toBeLessThan(MAX_RELATIVE_ERROR);
    }
  });
});
