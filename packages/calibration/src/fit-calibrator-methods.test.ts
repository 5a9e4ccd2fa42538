import { RandomSource } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Calibrator } from './calibrator';
import { fitCalibrator } from './fit-calibrator';
import type { CalibratorMethod } from './fit-calibrator-options';
import { CALIBRATOR_METHODS } from './internal/calibrators/method-registry';

/** Over-confident logits of `rows` rows and `classes` classes, with labels drawn from their softened softmax. */
function overconfident(rows: number, classes: number, seed: number): { logits: number[][]; labels: number[] } {
  const random = new RandomSource(seed);
  const logits: number[][] = [];
  const labels: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const z = Array.from({ length: classes }, () => 3 * random.normal());
    const soft = z.map((value) => Math.exp(value / 3));
    const total = soft.reduce((a, b) => a + b, 0);
    let u = random.uniform() * total;
    let label = 0;
    while (label < classes - 1 && u > (soft[label] as number)) {
      u -= soft[label] as number;
      label += 1;
    }
    logits.push(z);
    labels.push(label);
  }
  return { logits, labels };
}

const { logits, labels } = overconfident(300, 4, 7);
const softmax = (row: number[]): number[] => {
  const max = Math.max(...row);
  const e = row.map((value) => Math.exp(value - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((value) => value / total);
};
const probabilities = logits.map(softmax);

/** The input kind each method is fitted on here: logits where it takes them. */
function inputFor(method: CalibratorMethod): { logits: number[][] } | { probabilities: number[][] } {
  return fitCalibratorTakes(method, 'logits') ? { logits } : { probabilities };
}

function fitCalibratorTakes(method: CalibratorMethod, kind: 'logits' | 'probabilities'): boolean {
  try {
    fitCalibrator(
      method,
      kind === 'logits' ? { logits: logits.slice(0, 8) } : { probabilities: probabilities.slice(0, 8) },
      labels.slice(0, 8),
    );
    return true;
  } catch {
    return false;
  }
}

describe.each(CALIBRATOR_METHODS)("fitCalibrator('%s')", (method) => {
  const calibrator = fitCalibrator(method, inputFor(method), labels);

  it('lowers the NLL of over-confident scores and reports how the fit went', () => {
    const { diagnostics } = calibrator;
    expect(diagnostics.converged).toBe(true);
    expect(diagnostics.iterations).toBeGreaterThanOrEqual(1);
    expect(diagnostics.nllAfter).toBeLessThan(diagnostics.nllBefore);
    expect(calibrator.classes).toBe(4);
  });

  it('gives distributions of the input shape, the same after a JSON round trip', () => {
    const input = inputFor(method);
    const out = calibrator.apply(input);
    expect(out.dims).toEqual([300, 4]);
    for (let row = 0; row < 300; row += 1) {
      const values = Array.from(out.data.subarray(4 * row, 4 * row + 4));
      expect(values.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    const copy = Calibrator.fromJSON(JSON.stringify(calibrator));
    expect(copy.toJSON()).toEqual(calibrator.toJSON());
    expect(copy.apply(input).data).toEqual(out.data);
  });

  it('maps a tensor to a tensor of its shape and leaks none', () => {
    const input = inputFor(method);
    const values = 'logits' in input ? input.logits : input.probabilities;
    const tensor = tf.tensor2d(values);
    const before = tf.memory().numTensors;
    const out = calibrator.apply('logits' in input ? { logits: tensor } : { probabilities: tensor });
    expect(out.shape).toEqual([300, 4]);
    // The tensor holds float32 values: the same as a Float32Array of them gives.
    const flat = new Float32Array(values.flat());
    const fromFlat = calibrator.apply('logits' in input ? { logits: flat } : { probabilities: flat });
    expect(out.dataSync()).toEqual(fromFlat.data);
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
  });

  it('fits and applies the binary form, one value per row', () => {
    const binaryLabels = labels.map((label) => (label === 0 ? 1 : 0));
    const scores = logits.map((row) => (row[0] as number) - Math.max(...row.slice(1)));
    const positive = scores.map((s) => 1 / (1 + Math.exp(-s)));
    const binaryInput = fitCalibratorTakes(method, 'logits') ? { logits: scores } : { probabilities: positive };
    const binary = fitCalibrator(method, binaryInput, binaryLabels);
    expect(binary.binary).toBe(true);
    expect(binary.classes).toBe(2);
    const out = binary.apply(binaryInput);
    expect(out.dims).toEqual([300]);
    expect(Array.from(out.data).every((p) => p >= 0 && p <= 1)).toBe(true);
  });
});

describe.each(['vector', 'matrix', 'dirichlet'] as const)("fitCalibrator('%s', …, { onIteration })", (method) => {
  it('reports every iteration, numbered from 1, ending at the fit’s own iterations and tolerance', () => {
    const seen: { iteration: number; objective: number; gradient: number }[] = [];
    const { diagnostics } = fitCalibrator(method, inputFor(method), labels, {
      onIteration: (progress) => seen.push(progress),
    });
    expect(diagnostics.converged).toBe(true);
    expect(seen.map((entry) => entry.iteration)).toEqual(
      Array.from({ length: diagnostics.iterations }, (_, index) => index + 1),
    );
    const last = seen.at(-1);
    expect(last?.gradient).toBeLessThanOrEqual(1e-8);
    expect(last?.objective).toBeCloseTo(diagnostics.nllAfter, 9);
    expect(
      seen.every((entry, index) => index === 0 || entry.objective <= (seen[index - 1]?.objective ?? 0) + 1e-12),
    ).toBe(true);
  });

  it('ends the fit with the error the callback throws, and rejects a callback that is not a function', () => {
    const stop = new Error('enough');
    expect(() =>
      fitCalibrator(method, inputFor(method), labels, {
        onIteration: ({ iteration }) => {
          if (iteration === 3) throw stop;
        },
      }),
    ).toThrow(stop);
    expect(() => fitCalibrator(method, inputFor(method), labels, { onIteration: 'log' as never })).toThrow(
      /options\.onIteration/,
    );
  });
});

it("refuses onIteration for methods that do not fit a map by L-BFGS ('temperature')", () => {
  expect(() => fitCalibrator('temperature', { logits }, labels, { onIteration: () => undefined } as never)).toThrow(
    /options\.onIteration/,
  );
});
