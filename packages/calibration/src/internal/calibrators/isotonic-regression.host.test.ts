import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { fitIsotonicColumn, interpolateIsotonic, isotonicRegressionMethod } from './isotonic-regression';

const settings = { maxIterations: undefined, tolerance: undefined };

/** Parameters of three classes, with `edit` applied to a copy. */
function parameters(edit: (json: { thresholds: unknown[][]; values: unknown[][] }) => void = () => {}): unknown {
  const json = {
    thresholds: [
      [0, 0.5, 1],
      [0.1, 0.2, 0.3, 0.4],
      [0.5, 0.6],
    ],
    values: [
      [0, 0.5, 1],
      [0, 0.25, 0.25, 1],
      [0.2, 0.3],
    ],
  };
  edit(json);
  return json;
}

describe('isotonicRegressionMethod', () => {
  it('pools tied scores into the fraction of positives and interpolates between the fitted points', () => {
    const fitted = fitIsotonicColumn(Float64Array.of(0.2, 0.2, 0.2, 0.2, 0.6, 0.9), Uint8Array.of(1, 0, 0, 0, 1, 1));
    expect(Array.from(fitted.x)).toEqual([0.2, 0.6, 0.9]);
    expect(Array.from(fitted.y)).toEqual([0.25, 1, 1]);
    expect(interpolateIsotonic(fitted.x, fitted.y, 0.4)).toBeCloseTo(0.625, 15);
    expect(interpolateIsotonic(fitted.x, fitted.y, 0)).toBe(0.25);
    expect(interpolateIsotonic(fitted.x, fitted.y, 1)).toBe(1);
  });

  it('pools out-of-order groups and keeps only the points that shape the map', () => {
    const fitted = fitIsotonicColumn(Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), Uint8Array.of(0, 1, 0, 0, 0, 1));
    expect(Array.from(fitted.x)).toEqual([0.1, 0.2, 0.5, 0.6]);
    expect(Array.from(fitted.y)).toEqual([0, 0.25, 0.25, 1]);
  });

  it('is a constant where the fit rows have one distinct score', () => {
    const rows = readLabelledInput({ probabilities: [0.3, 0.3, 0.3, 0.3] }, [1, 0, 1, 1], 'fitCalibrator', 0);
    const { parameters: fit } = isotonicRegressionMethod.fit(rows, {}, settings);
    const held = readLabelledInput({ probabilities: [0, 0.9] }, [0, 0], 'fitCalibrator', 0);
    expect(Array.from(isotonicRegressionMethod.apply(fit, held))).toEqual([0.25, 0.75, 0.25, 0.75]);
  });

  it('reads its JSON back and refuses broken parameters, naming the entry', () => {
    expect(isotonicRegressionMethod.fromJson(parameters(), 3, 'Calibrator.fromJSON').thresholds[1]).toEqual(
      Float64Array.of(0.1, 0.2, 0.3, 0.4),
    );
    const refuse = (
      edit: Parameters<typeof parameters>[0],
      path: string,
      type: typeof InvalidArgumentError | typeof ShapeMismatchError = InvalidArgumentError,
    ) => {
      const call = () => isotonicRegressionMethod.fromJson(parameters(edit), 3, 'Calibrator.fromJSON');
      expect(call).toThrow(type);
      expect(call).toThrow(`'${path}' passed to 'Calibrator.fromJSON'`);
    };
    refuse((json) => (json.thresholds[1]![3] = 0.25), 'json.parameters.thresholds[1][3]');
    refuse((json) => (json.thresholds[0]![1] = Number.NaN), 'json.parameters.thresholds[0][1]');
    refuse((json) => (json.values[1]![2] = 0.2), 'json.parameters.values[1][2]');
    refuse((json) => (json.values[2]![0] = 1.5), 'json.parameters.values[2][0]');
    refuse((json) => json.values[0]!.pop(), 'json.parameters.values[0]', ShapeMismatchError);
    refuse((json) => json.thresholds.pop(), 'json.parameters.thresholds', ShapeMismatchError);
    refuse((json) => ((json.thresholds[2] = []), (json.values[2] = [])), 'json.parameters.thresholds[2]');
    refuse((json) => ((json as Record<string, unknown>).extra = 1), 'json.parameters.extra');
    refuse((json) => delete (json as Partial<typeof json>).values, 'json.parameters.values');
    refuse((json) => ((json as Record<string, unknown>).thresholds = 'none'), 'json.parameters.thresholds');
    expect(() =>
      isotonicRegressionMethod.fromJson(
        parameters((json) => json.values.pop()),
        3,
        'Calibrator',
      ),
    ).toThrow("Argument 'json.parameters.values' passed to 'Calibrator' must hold 3 lists");
  });
});
