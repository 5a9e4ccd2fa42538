import { RandomSource } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput, type LabelledRows } from '../read-input';
import { betaCalibrationMethod } from './beta-calibration';
import { histogramBinningMethod } from './histogram-binning';
import { isotonicRegressionMethod } from './isotonic-regression';
import type { MethodDefinition } from './method-definition';
import { plattScalingMethod } from './platt-scaling';

const methods = [
  { name: 'isotonic', method: isotonicRegressionMethod, options: {} },
  { name: 'platt', method: plattScalingMethod, options: {} },
  { name: 'beta', method: betaCalibrationMethod, options: {} },
  { name: 'histogram (uniform)', method: histogramBinningMethod, options: { bins: 8 } },
  { name: 'histogram (quantile)', method: histogramBinningMethod, options: { bins: 5, binning: 'quantile' } },
] as { name: string; method: MethodDefinition<unknown>; options: Record<string, unknown> }[];

const settings = { maxIterations: undefined, tolerance: undefined };

/** Seeded scores of `rows` × `classes` (the binary form for `classes` 1), with labels drawn from their softmax. */
function scores(seed: number, rows: number, classes: number, kind: 'logits' | 'probabilities') {
  const random = new RandomSource(seed);
  const width = Math.max(classes, 2);
  const values: number[] = [];
  const labels: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const z = Array.from({ length: width }, () => random.normal() * 2);
    const top = Math.max(...z);
    const e = z.map((value) => Math.exp(value - top));
    const sum = e.reduce((total, value) => total + value, 0);
    const p = e.map((value) => value / sum);
    let draw = random.uniform();
    let label = 0;
    while (label < width - 1 && draw > (p[label] as number)) draw -= p[label++] as number;
    labels.push(label);
    if (classes === 1) values.push(kind === 'logits' ? (z[1] as number) - (z[0] as number) : (p[1] as number));
    else values.push(...(kind === 'logits' ? z : p));
  }
  return { values, labels };
}

const shapes = [
  { label: 'binary form', classes: 1 },
  { label: 'K=2', classes: 2 },
  { label: 'K=4', classes: 4 },
];
const grid = methods.flatMap((entry) =>
  shapes.flatMap((shape) => (['logits', 'probabilities'] as const).map((kind) => ({ ...entry, ...shape, kind }))),
);

function rowsOf(kind: 'logits' | 'probabilities', values: ArrayLike<number>, labels: number[]): LabelledRows {
  return readLabelledInput({ [kind]: values }, labels, 'fitCalibrator', 1e-3);
}

describe('the one-vs-rest methods', () => {
  it.each(grid)(
    '$name, $label $kind: distributions, no mutation, identical output after a JSON round trip',
    (entry) => {
      const { values, labels } = scores(7, 120, entry.classes, entry.kind);
      const rows = rowsOf(entry.kind, values, labels);
      const before = Array.from(rows.values);
      const fit = entry.method.fit(rows, entry.options, settings);
      expect(fit.converged).toBe(true);
      const json = JSON.stringify(entry.method.toJson(fit.parameters));
      const held = scores(8, 30, entry.classes, entry.kind);
      const heldRows = rowsOf(entry.kind, held.values, held.labels);
      const heldBefore = Array.from(heldRows.values);
      const out = entry.method.apply(fit.parameters, heldRows);
      expect(Array.from(heldRows.values)).toEqual(heldBefore);
      expect(Array.from(rows.values)).toEqual(before);
      expect(JSON.stringify(entry.method.toJson(fit.parameters))).toBe(json);
      const classes = rows.classes;
      for (let row = 0; row < heldRows.rows; row += 1) {
        const slice = Array.from(out.subarray(row * classes, (row + 1) * classes));
        for (const p of slice) expect(p >= 0 && p <= 1).toBe(true);
        expectClose(
          slice.reduce((total, p) => total + p, 0),
          1,
          { relative: 0, absolute: 1e-12 },
        );
      }
      const restored = entry.method.fromJson(JSON.parse(json), classes, 'Calibrator.fromJSON');
      expect(Array.from(entry.method.apply(restored, heldRows))).toEqual(Array.from(out));
    },
  );

  it.each(methods)('$name reads float32 scores exactly as their float64 values', ({ method, options }) => {
    const { values, labels } = scores(9, 80, 3, 'probabilities');
    const single = Float32Array.from(values);
    const fit32 = method.fit(rowsOf('probabilities', single, labels), options, settings);
    const fit64 = method.fit(rowsOf('probabilities', Float64Array.from(single), labels), options, settings);
    expect(method.toJson(fit32.parameters)).toEqual(method.toJson(fit64.parameters));
  });

  it.each(methods)('$name refuses parameters for another class count, naming the list', ({ method, options }) => {
    const { values, labels } = scores(10, 40, 3, 'logits');
    const json = method.toJson(method.fit(rowsOf('logits', values, labels), options, settings).parameters);
    expect(() => method.fromJson(json, 4, 'Calibrator.fromJSON')).toThrow(/json\.parameters\.\w+'.*must hold 4/);
    expect(() => method.fromJson(json, 2, 'Calibrator.fromJSON')).toThrow(/json\.parameters\.\w+'.*must hold 1/);
  });
});
