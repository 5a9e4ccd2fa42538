import { expectClose, loadFixture } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput, type LabelledRows } from '../read-input';
import { betaCalibrationMethod } from './beta-calibration';
import { histogramBinningMethod } from './histogram-binning';
import { fitIsotonicColumn, interpolateIsotonic, isotonicRegressionMethod } from './isotonic-regression';
import type { MethodDefinition } from './method-definition';
import { plattScalingMethod, plattScores, type PlattParameters } from './platt-scaling';
import { calibratedColumns, forEachColumn } from './one-vs-rest';
import { meanNll } from './row-transforms';

interface Reference {
  fit: number[];
  heldOut: number[];
  nll: number;
}

interface Case {
  name: string;
  kind: 'logits' | 'probabilities';
  values: number[];
  labels: number[];
  heldOut: number[];
  heldOutShape: number[];
  /** Whether some column's beta optimum lies at infinity (held-out rows then depend on where a fit stops). */
  unbounded: boolean;
  isotonic: Reference;
  platt: Reference & { a: number[]; b: number[] };
  beta: Reference;
  histogram: (Reference & { bins: number; binning: 'uniform' | 'quantile' })[];
}

interface IsotonicColumn {
  name: string;
  x: number[];
  y: number[];
  thresholds: number[];
  values: number[];
  at: number[];
  predicted: number[];
}

const { cases, isotonicColumns } = loadFixture<{ cases: Case[]; isotonicColumns: IsotonicColumn[] }>(
  import.meta.url,
  '../../__fixtures__/sklearn-calibrators.json',
);

const settings = { maxIterations: undefined, tolerance: undefined };

function rowsOf(kind: Case['kind'], values: number[], labels: ArrayLike<number>): LabelledRows {
  return readLabelledInput({ [kind]: values }, Array.from(labels), 'fitCalibrator', 1e-3);
}

/** Our calibrated fit and held-out rows, in the fixture's layout (class 1 alone for two classes). */
function calibrate<P>(
  method: MethodDefinition<P>,
  testCase: Case,
  options: Record<string, unknown> = {},
): { fit: Float64Array; heldOut: Float64Array; nll: number; converged: boolean; parameters: P; rows: LabelledRows } {
  const rows = rowsOf(testCase.kind, testCase.values, testCase.labels);
  const held = rowsOf(testCase.kind, testCase.heldOut, new Int32Array(testCase.heldOutShape[0] as number));
  const result = method.fit(rows, options, settings);
  const fit = method.apply(result.parameters, rows);
  const heldOut = method.apply(result.parameters, held);
  const nll = meanNll(fit, rows.labels, rows.classes);
  const { converged, parameters } = result;
  if (rows.classes !== 2) return { fit, heldOut, nll, converged, parameters, rows };
  const positive = (out: Float64Array) => out.filter((_, index) => index % 2 === 1);
  for (const out of [fit, heldOut]) {
    for (let row = 0; row < out.length / 2; row += 1) expect(out[2 * row]).toBe(1 - (out[2 * row + 1] as number));
  }
  return { fit: positive(fit), heldOut: positive(heldOut), nll, converged, parameters, rows };
}

/** Platt's objective of each column: the mean cross-entropy of q = σ(−(a·f + b)) against his smoothed targets. */
function plattObjectives(rows: LabelledRows, a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const columns = calibratedColumns(rows.classes);
  const objectives: number[] = [];
  forEachColumn(plattScores(rows), rows.rows, rows.classes, (f, index) => {
    const column = columns[index] as number;
    const positives = rows.labels.filter((label) => label === column).length;
    const high = (positives + 1) / (positives + 2);
    const low = 1 / (rows.rows - positives + 2);
    let sum = 0;
    f.forEach((score, row) => {
      const u = (a[index] as number) * score + (b[index] as number);
      const t = rows.labels[row] === column ? high : low;
      sum += Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))) - (1 - t) * u;
    });
    objectives.push(sum / rows.rows);
  });
  return objectives;
}

describe('one-vs-rest calibrators against scikit-learn 1.2 (CalibratedClassifierCV, cv="prefit")', () => {
  it('the fixture holds random and edge cases', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('isotonic: $name', (testCase) => {
    const ours = calibrate(isotonicRegressionMethod, testCase);
    expectClose(ours.fit, testCase.isotonic.fit, { relative: 0, absolute: 1e-12 });
    expectClose(ours.heldOut, testCase.isotonic.heldOut, { relative: 0, absolute: 1e-12 });
    expectClose(ours.nll, testCase.isotonic.nll, { relative: 1e-12, absolute: 1e-12 });
  });

  it.each(cases.flatMap((testCase) => testCase.histogram.map((reference) => ({ ...testCase, reference }))))(
    'histogram $reference.bins $reference.binning: $name',
    ({ reference, ...testCase }) => {
      const ours = calibrate(histogramBinningMethod, testCase, { bins: reference.bins, binning: reference.binning });
      expectClose(ours.fit, reference.fit, { relative: 0, absolute: 1e-12 });
      expectClose(ours.heldOut, reference.heldOut, { relative: 0, absolute: 1e-12 });
      expectClose(ours.nll, reference.nll, { relative: 1e-12, absolute: 1e-12 });
    },
  );

  it.each(cases)('Platt: $name', (testCase) => {
    const ours = calibrate(plattScalingMethod, testCase);
    expect(ours.converged).toBe(true);
    const { a, b } = ours.parameters as PlattParameters;
    const reference = plattObjectives(ours.rows, testCase.platt.a, testCase.platt.b);
    plattObjectives(ours.rows, a, b).forEach((value, column) => {
      expect(value).toBeLessThanOrEqual((reference[column] as number) + 1e-12);
    });
    expectClose(ours.nll, testCase.platt.nll, { relative: 0, absolute: 1e-5 });
    expectClose(ours.fit, testCase.platt.fit, { relative: 0, absolute: 1e-4 });
    expectClose(ours.heldOut, testCase.platt.heldOut, { relative: 0, absolute: 1e-4 });
  });

  it.each(cases)('beta: $name', (testCase) => {
    const ours = calibrate(betaCalibrationMethod, testCase);
    expect(ours.converged).toBe(true);
    expect(ours.nll).toBeLessThanOrEqual(testCase.beta.nll + 1e-6);
    expectClose(ours.fit, testCase.beta.fit, { relative: 0, absolute: 1e-4 });
    if (!testCase.unbounded) expectClose(ours.heldOut, testCase.beta.heldOut, { relative: 0, absolute: 1e-4 });
  });
});

describe('one column against scikit-learn 1.2 IsotonicRegression(out_of_bounds="clip")', () => {
  it.each(isotonicColumns)('$name', (column) => {
    const fitted = fitIsotonicColumn(Float64Array.from(column.x), Uint8Array.from(column.y));
    expect(Array.from(fitted.x)).toEqual(column.thresholds);
    expectClose(fitted.y, column.values, { relative: 0, absolute: 1e-15 });
    const predicted = column.at.map((value) => interpolateIsotonic(fitted.x, fitted.y, value));
    expectClose(predicted, column.predicted, { relative: 0, absolute: 1e-15 });
  });
});
