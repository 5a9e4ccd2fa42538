import { InvalidArgumentError, RandomSource, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { readLabelledInput, type LabelledRows } from '../read-input';
import { dirichletCalibrationMethod } from './dirichlet-calibration';
import type { MatrixParameters } from './linear-parameters';
import { matrixScalingMethod } from './matrix-scaling';
import type { MethodDefinition } from './method-definition';
import { meanNll, probabilityRows } from './row-transforms';
import { vectorScalingMethod } from './vector-scaling';

const defaults = { maxIterations: undefined, tolerance: undefined };

/** Over-confident logits of `rows` × `classes`: the labels follow softmax(z / 2). */
function logitRows(rows: number, classes: number, seed: number): LabelledRows {
  const random = new RandomSource(seed);
  const values = Array.from({ length: rows }, () => Array.from({ length: classes }, () => random.normal() * 3));
  const labels = values.map((row) => {
    const weights = row.map((z) => Math.exp(z / 2));
    let u = random.uniform() * weights.reduce((sum, w) => sum + w, 0);
    return Math.max(
      0,
      weights.findIndex((w) => (u -= w) < 0),
    );
  });
  return readLabelledInput({ logits: values }, labels, 'fitCalibrator', 1e-3);
}

function probabilityInput(rows: LabelledRows): LabelledRows {
  const p = probabilityRows(rows);
  const values = Array.from({ length: rows.rows }, (_, row) =>
    Array.from(p.subarray(row * rows.classes, (row + 1) * rows.classes)),
  );
  return readLabelledInput({ probabilities: values }, Array.from(rows.labels), 'fitCalibrator', 1e-3);
}

const methods = [
  ['vector', vectorScalingMethod, 'logits'],
  ['matrix', matrixScalingMethod, 'logits'],
  ['dirichlet', dirichletCalibrationMethod, 'logits'],
  ['dirichlet', dirichletCalibrationMethod, 'probabilities'],
] as const;

describe.each(methods)('%s method on %s', (_name, method, kind) => {
  const definition = method as MethodDefinition<unknown>;
  const logits = logitRows(120, 4, 17);
  const rows = kind === 'logits' ? logits : probabilityInput(logits);

  it('fits to the tolerance, lowers the NLL, and never modifies the rows or the parameters when applied', () => {
    const before = Array.from(rows.values);
    const fit = definition.fit(rows, {}, defaults);
    expect(fit.converged).toBe(true);
    const json = JSON.stringify(definition.toJson(fit.parameters));
    const probabilities = definition.apply(fit.parameters, rows);
    expect(Array.from(rows.values)).toEqual(before);
    expect(JSON.stringify(definition.toJson(fit.parameters))).toBe(json);
    expect(meanNll(probabilities, rows.labels, 4)).toBeLessThan(meanNll(probabilityRows(rows), rows.labels, 4));
    for (let row = 0; row < rows.rows; row += 1) {
      const sum = probabilities.subarray(row * 4, row * 4 + 4).reduce((total, p) => total + p, 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    }
  });

  it('gives the same probabilities after toJson → JSON → fromJson', () => {
    const fit = definition.fit(rows, {}, defaults);
    const restored = definition.fromJson(
      JSON.parse(JSON.stringify(definition.toJson(fit.parameters))),
      4,
      'Calibrator.fromJSON',
    );
    expect(Array.from(definition.apply(restored, rows))).toEqual(Array.from(definition.apply(fit.parameters, rows)));
  });

  it('stops after maxIterations, reporting converged false, and sooner under a loose tolerance', () => {
    const capped = definition.fit(rows, {}, { maxIterations: 2, tolerance: undefined });
    expect(capped).toMatchObject({ iterations: 2, converged: false });
    const loose = definition.fit(rows, {}, { maxIterations: undefined, tolerance: 1e-2 });
    const tight = definition.fit(rows, {}, defaults);
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(tight.iterations);
  });
});

describe('ODIR (options.regularization)', () => {
  const rows = logitRows(60, 3, 8);

  it.each([matrixScalingMethod, dirichletCalibrationMethod])('pulls W towards diagonal and b towards 0', (method) => {
    const free = method.fit(rows, {}, defaults).parameters;
    const strong = method.fit(rows, { regularization: { offDiagonal: 1e4, intercept: 1e4 } }, defaults).parameters;
    const offDiagonal = ({ weights }: MatrixParameters) =>
      Math.max(
        ...Array.from(weights)
          .filter((_, index) => index % 4 !== 0)
          .map(Math.abs),
      );
    const bias = ({ bias: b }: MatrixParameters) => Math.max(...Array.from(b).map(Math.abs));
    expect(offDiagonal(strong)).toBeLessThan(1e-3);
    expect(bias(strong)).toBeLessThan(1e-3);
    expect(offDiagonal(free)).toBeGreaterThan(1e-2);
  });

  it.each([
    [5, 'options.regularization'],
    [[0.1, 0.1], 'options.regularization'],
    [{ offDiagonal: -1 }, 'options.regularization.offDiagonal'],
    [{ offDiagonal: Number.NaN }, 'options.regularization.offDiagonal'],
    [{ intercept: Number.POSITIVE_INFINITY }, 'options.regularization.intercept'],
    [{ intercept: '1' }, 'options.regularization.intercept'],
    [{ offdiagonal: 1 }, 'options.regularization.offdiagonal'],
  ])('refuses regularization %j, naming %s and fitCalibrator', (regularization, parameter) => {
    for (const method of [matrixScalingMethod, dirichletCalibrationMethod]) {
      let caught: unknown;
      try {
        method.fit(rows, { regularization }, defaults);
      } catch (error) {
        caught = error;
      }
      expect(InvalidArgumentError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ parameter, functionName: 'fitCalibrator' });
    }
  });
});

describe('extreme rows', () => {
  it.each([
    [
      'spreads of 2e300',
      [
        [1e300, -1e300],
        [-1e300, 1e300],
        [1e300, 0],
      ],
      [0, 1, 1],
    ],
    [
      'spreads of 2e150',
      [
        [1e150, -1e150, 0],
        [-1e150, 1e150, 3],
      ],
      [1, 1],
    ],
    [
      'all ties',
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      [0, 1, 1],
    ],
    ['one row', [[1, 2, 3]], [0]],
    [
      'subnormal logits',
      [
        [1e-300, 0],
        [0, 5e-324],
      ],
      [0, 1],
    ],
  ])('fits %s to finite parameters and probabilities', (_name, logits, labels) => {
    const rows = readLabelledInput({ logits }, labels, 'fitCalibrator', 1e-3);
    for (const method of [vectorScalingMethod, matrixScalingMethod, dirichletCalibrationMethod]) {
      const definition = method as MethodDefinition<unknown>;
      const fit = definition.fit(rows, {}, defaults);
      expect(JSON.stringify(definition.toJson(fit.parameters))).not.toMatch(/null|NaN|Infinity/);
      expect(Array.from(definition.apply(fit.parameters, rows)).every(Number.isFinite)).toBe(true);
    }
  });
});

describe('fit refusals', () => {
  it('names the input when a row spread overflows float64 (the NLL at the identity is infinite)', () => {
    const rows = readLabelledInput(
      {
        logits: [
          [1e308, -1e308],
          [0, 1],
        ],
      },
      [1, 0],
      'fitCalibrator',
      1e-3,
    );
    expect(() => vectorScalingMethod.fit(rows, {}, defaults)).toThrow(InvalidArgumentError);
    expect(() => vectorScalingMethod.fit(rows, {}, defaults)).toThrow(/input\.logits.*fitCalibrator/);
  });
});

describe('fromJson', () => {
  const fromJson =
    (method: MethodDefinition<unknown>, value: unknown, classes = 3) =>
    () =>
      method.fromJson(value, classes, 'Calibrator.fromJSON');
  const vector = vectorScalingMethod as MethodDefinition<unknown>;
  const matrix = matrixScalingMethod as MethodDefinition<unknown>;
  const identity = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  it.each([
    [vector, null, InvalidArgumentError, 'json.parameters'],
    [vector, [1, 2], InvalidArgumentError, 'json.parameters'],
    [vector, { a: [1, 1, 1] }, InvalidArgumentError, 'json.parameters.b'],
    [vector, { a: [1, 1], b: [0, 0, 0] }, ShapeMismatchError, 'json.parameters.a'],
    [vector, { a: [1, 1, 'x'], b: [0, 0, 0] }, InvalidArgumentError, 'json.parameters.a[2]'],
    [vector, { a: [1, 1, 1], b: [0, null, 0] }, InvalidArgumentError, 'json.parameters.b[1]'],
    [vector, { a: [1, 1, 1], b: [0, 0, 0], c: 1 }, InvalidArgumentError, 'json.parameters.c'],
    [matrix, { weights: identity }, InvalidArgumentError, 'json.parameters.bias'],
    [matrix, { weights: identity.slice(0, 2), bias: [0, 0, 0] }, ShapeMismatchError, 'json.parameters.weights'],
    [matrix, { weights: 'I', bias: [0, 0, 0] }, InvalidArgumentError, 'json.parameters.weights'],
    [
      matrix,
      {
        weights: [
          [1, 0, 0],
          [0, 1],
          [0, 0, 1],
        ],
        bias: [0, 0, 0],
      },
      ShapeMismatchError,
      'json.parameters.weights[1]',
    ],
    [
      matrix,
      {
        weights: [
          [1, 0, 0],
          [0, 1, 0],
          [0, '1', 1],
        ],
        bias: [0, 0, 0],
      },
      InvalidArgumentError,
      'json.parameters.weights[2][1]',
    ],
    [matrix, { weights: identity, bias: [0, 0, Number.NaN] }, InvalidArgumentError, 'json.parameters.bias[2]'],
    [matrix, { weights: identity, bias: [0, 0] }, ShapeMismatchError, 'json.parameters.bias'],
  ])('refuses %#, naming the entry', (method, value, type, parameter) => {
    expect(fromJson(method, value)).toThrow(type);
    expect(fromJson(method, value)).toThrow(/Calibrator\.fromJSON/);
    let caught: unknown;
    try {
      fromJson(method, value)();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ parameter });
  });

  it('names the function it is given', () => {
    expect(fromJson(vector, { a: [1], b: [0] }, 1)).not.toThrow();
    expect(() => vector.fromJson({ a: [1, 1], b: [0] }, 2, 'Calibrator')).toThrow(/'Calibrator'/);
  });
});
