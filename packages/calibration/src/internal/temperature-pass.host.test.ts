import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { temperaturePass } from './temperature-pass';

describe('temperaturePass', () => {
  const random = new RandomSource(3);
  const rows = 40;
  const classes = 6;
  const logits = Float64Array.from({ length: rows * classes }, () => random.normal() * 4);
  const labels = Int32Array.from({ length: rows }, () => random.int(classes));

  function directNll(temperature: number): number {
    let total = 0;
    for (let row = 0; row < rows; row += 1) {
      const z = Array.from(logits.subarray(row * classes, (row + 1) * classes), (value) => value / temperature);
      const top = Math.max(...z);
      total +=
        top + Math.log(z.reduce((sum, value) => sum + Math.exp(value - top), 0)) - (z[labels[row] as number] as number);
    }
    return total / rows;
  }

  it.each([0.3, 1, 2.5, 20])(
    'gives the NLL and its log-T derivatives at T = %s (central differences)',
    (temperature) => {
      const pass = temperaturePass(logits, rows, classes, labels, temperature);
      const u = Math.log(temperature);
      const h = 1e-4;
      const at = (shift: number) => temperaturePass(logits, rows, classes, labels, Math.exp(u + shift)).value;
      expectClose(pass.value, directNll(temperature), { relative: 1e-12, absolute: 1e-14 });
      expectClose(pass.derivative, (at(h) - at(-h)) / (2 * h), { relative: 1e-6, absolute: 1e-9 });
      expectClose(pass.secondDerivative, (at(h) - 2 * pass.value + at(-h)) / (h * h), {
        relative: 1e-4,
        absolute: 1e-6,
      });
    },
  );

  it('keeps tiny NLLs of confident, correct rows (log1p), instead of rounding them to 0', () => {
    const pass = temperaturePass(Float64Array.from([5, 0]), 1, 2, Int32Array.from([0]), 0.1);
    expectClose(pass.value, Math.log1p(Math.exp(-50)), { relative: 1e-12, absolute: 0 });
    expect(pass.derivative).toBeGreaterThan(0);
  });
});
