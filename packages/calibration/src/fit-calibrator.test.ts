import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Calibrator } from './calibrator';
import { fitCalibrator } from './fit-calibrator';
import { fitTemperature } from './fit-temperature';

const logits = [
  [3, 0.5, -1],
  [0.1, 2.5, 0.3],
  [-0.5, 0.2, 2.8],
  [2, 1.2, 0.9],
  [0.3, -0.2, 2.4],
  [2.6, 0.1, 0.2],
];
const labels = [0, 1, 1, 0, 2, 2];

describe('fitCalibrator', () => {
  it("'temperature' fits the temperature of fitTemperature and reports its diagnostics", () => {
    const calibrator = fitCalibrator('temperature', { logits }, labels);
    const fit = fitTemperature({ logits }, labels);
    expect(calibrator.method).toBe('temperature');
    expect(calibrator.classes).toBe(3);
    expect(calibrator.input).toBe('logits');
    expect(calibrator.binary).toBe(false);
    expect(calibrator.toJSON().parameters).toEqual({ temperature: fit.temperature });
    expect(calibrator.diagnostics.iterations).toBe(fit.iterations);
    expect(calibrator.diagnostics.converged).toBe(true);
    expect(calibrator.diagnostics.nllBefore).toBeCloseTo(fit.nllBefore, 12);
    expect(calibrator.diagnostics.nllAfter).toBeCloseTo(fit.nllAfter, 12);
  });

  it('leaves out rows labelled ignoreIndex', () => {
    const withIgnored = fitCalibrator('temperature', { logits: [...logits, [9, 0, 0]] }, [...labels, -100], {
      ignoreIndex: -100,
    });
    expect(withIgnored.toJSON().parameters).toEqual(
      fitCalibrator('temperature', { logits }, labels).toJSON().parameters,
    );
  });

  it('refuses an unknown method, an option of another method and an input kind the method does not map', () => {
    expect(() => fitCalibrator('magic' as 'temperature', { logits }, labels)).toThrow(InvalidArgumentError);
    expect(() => fitCalibrator('magic' as 'temperature', { logits }, labels)).toThrow(/'method'.*'fitCalibrator'/);
    expect(() => fitCalibrator('temperature', { logits }, labels, { bins: 10 } as object)).toThrow(/options\.bins/);
    const probabilities = [
      [0.5, 0.25, 0.25],
      [0.2, 0.6, 0.2],
    ];
    expect(() => fitCalibrator('temperature', { probabilities }, [0, 1])).toThrow(
      "Argument 'input.probabilities' passed to 'fitCalibrator' must be given as { logits } for method 'temperature'",
    );
    expect(() => fitCalibrator('temperature', { logits }, labels, { maxIterations: 0 })).toThrow(
      /options\.maxIterations/,
    );
    expect(() => fitCalibrator('temperature', { logits }, labels, { tolerance: -1 })).toThrow(/options\.tolerance/);
  });
});

describe('Calibrator.apply', () => {
  const calibrator = fitCalibrator('temperature', { logits }, labels);
  const temperature = (calibrator.toJSON().parameters as { temperature: number }).temperature;

  it('gives a float32 tensor of the input shape for a tensor, and leaks none', () => {
    const input = tf.tensor3d([logits.slice(0, 2), logits.slice(2, 4)]);
    const before = tf.memory().numTensors;
    const out = calibrator.apply({ logits: input });
    expect(out.shape).toEqual([2, 2, 3]);
    expect(out.dtype).toBe('float32');
    const expected = tf.tidy(() => tf.softmax(tf.div(input, temperature)));
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(out, expected))).dataSync()[0] as number);
    expect(gap).toBeLessThan(1e-6);
    tf.dispose([out, expected]);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });

  it('gives { data, dims } for arrays, typed arrays and runtime tensors, leaving the input as it was', () => {
    const flat = new Float32Array(logits.flat());
    const copy = flat.slice();
    const fromFlat = calibrator.apply({ logits: flat });
    expect(fromFlat.dims).toEqual([18]);
    expect(flat).toEqual(copy);
    const fromRows = calibrator.apply({ logits });
    expect(fromRows.dims).toEqual([6, 3]);
    expect(fromRows.data).toEqual(calibrator.apply({ logits: Float64Array.from(logits.flat()) }).data);
    const fromOrt = calibrator.apply({ logits: { data: flat, dims: [6, 3], type: 'float32' } });
    expect(fromOrt.data).toEqual(fromFlat.data);
    for (let row = 0; row < 6; row += 1) {
      const sum = fromRows.data.subarray(3 * row, 3 * row + 3).reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('keeps the binary form: one logit per row in, p(class 1) per row out', () => {
    const scores = [2.5, -1, 0.3, 4, -0.2, 1];
    const binary = fitCalibrator('temperature', { logits: scores }, [1, 0, 0, 1, 1, 0]);
    expect(binary.binary).toBe(true);
    expect(binary.classes).toBe(2);
    const out = binary.apply({ logits: [0.7, -3] });
    expect(out.dims).toEqual([2]);
    const t = (binary.toJSON().parameters as { temperature: number }).temperature;
    expect(out.data[0]).toBeCloseTo(1 / (1 + Math.exp(-0.7 / t)), 6);
    expect(binary.apply({ logits: [[0, 0.7]] }).dims).toEqual([1, 2]);
  });

  it('refuses another class count, an input kind the method does not map and unknown options', () => {
    expect(() => calibrator.apply({ logits: [[1, 2]] })).toThrow(ShapeMismatchError);
    expect(() => calibrator.apply({ logits: [[1, 2]] })).toThrow(/have 3 classes on the last axis/);
    expect(() => calibrator.apply({ probabilities: [[0.2, 0.3, 0.5]] })).toThrow(/'Calibrator\.apply'/);
    expect(() => calibrator.apply({ logits }, { bins: 3 } as object)).toThrow(/options\.bins/);
    expect(() => calibrator.apply({ logits: [1, 2, 3, 4] })).toThrow(/input\.logits/);
  });
});

describe('the input kind at apply time', () => {
  const probabilities = [
    [0.7, 0.2, 0.1],
    [0.1, 0.8, 0.1],
    [0.2, 0.3, 0.5],
    [0.6, 0.3, 0.1],
    [0.3, 0.3, 0.4],
    [0.5, 0.1, 0.4],
  ];

  it('takes every kind the method maps for maps defined on probabilities', () => {
    const isotonic = fitCalibrator('isotonic', { probabilities }, labels);
    expect(isotonic.apply({ logits }).dims).toEqual([6, 3]);
  });

  it('refuses the other kind for Platt scaling, whose scores of logits and probabilities differ', () => {
    const platt = fitCalibrator('platt', { logits }, labels);
    expect(platt.apply({ logits }).dims).toEqual([6, 3]);
    expect(() => platt.apply({ probabilities })).toThrow(
      "Argument 'input.probabilities' passed to 'Calibrator.apply' must be given as { logits }, the kind this " +
        "'platt' calibrator was fitted on",
    );
  });
});

describe('Calibrator JSON', () => {
  const calibrator = fitCalibrator('temperature', { logits }, labels);

  it('round-trips through JSON text and objects, applying identically', () => {
    const text = JSON.stringify(calibrator);
    const copy = Calibrator.fromJSON(text);
    expect(copy.toJSON()).toEqual(calibrator.toJSON());
    expect(Calibrator.fromJSON(JSON.parse(text)).apply({ logits }).data).toEqual(calibrator.apply({ logits }).data);
    expect(Object.isFrozen(copy)).toBe(true);
  });

  const json = () => calibrator.toJSON() as unknown as Record<string, unknown>;
  const cases: [string, unknown, RegExp][] = [
    ['text that is not JSON', '{"format": ', /text that is not JSON/],
    ['an array', [], /'json'/],
    ['another format', { ...json(), format: 'x' }, /json\.format/],
    ['a newer version', { ...json(), version: 2 }, /written by a newer @softlabels\/calibration/],
    ['an unknown method', { ...json(), method: 'magic' }, /json\.method/],
    ['one class', { ...json(), classes: 1 }, /json\.classes/],
    ['an input kind the method does not map', { ...json(), input: 'probabilities' }, /json\.input/],
    ['a binary calibrator of 3 classes', { ...json(), binary: true }, /json\.binary/],
    ['a missing binary flag', { ...json(), binary: undefined }, /json\.binary/],
    ['a negative temperature', { ...json(), parameters: { temperature: -1 } }, /json\.parameters\.temperature/],
    ['an unknown parameter', { ...json(), parameters: { temperature: 1, bias: 2 } }, /json\.parameters\.bias/],
    ['an unknown field', { ...json(), extra: 1 }, /json\.extra/],
    ['missing diagnostics', { ...json(), diagnostics: undefined }, /json\.diagnostics/],
    [
      'a fractional iteration count',
      { ...json(), diagnostics: { ...calibrator.diagnostics, iterations: 1.5 } },
      /iterations/,
    ],
  ];
  it.each(cases)('refuses %s with an error naming the field', (_label, value, pattern) => {
    expect(() => Calibrator.fromJSON(value as string)).toThrow(InvalidArgumentError);
    expect(() => Calibrator.fromJSON(value as string)).toThrow(pattern);
  });
});
