import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { expectClose } from '@softlabels/test-utils';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { plattScalingMethod } from './platt-scaling';

const settings = { maxIterations: undefined, tolerance: undefined };
const scores = [-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 2, 3];
const labels = [0, 0, 1, 0, 0, 1, 0, 1, 1, 1];

describe('plattScalingMethod', () => {
  it('fits the decision function of binary logits: [0, s] and [z0, z0 + s] give the same map', () => {
    const binary = readLabelledInput({ logits: scores }, labels, 'fitCalibrator', 0);
    const shifted = readLabelledInput({ logits: scores.map((s) => [1.5, 1.5 + s]) }, labels, 'fitCalibrator', 0);
    const a = plattScalingMethod.fit(binary, {}, settings);
    const b = plattScalingMethod.fit(shifted, {}, settings);
    expect(a.converged).toBe(true);
    expectClose(b.parameters.a, a.parameters.a, { relative: 1e-12, absolute: 1e-14 });
    expectClose(b.parameters.b, a.parameters.b, { relative: 1e-12, absolute: 1e-14 });
    expect(a.parameters.a[0]).toBeLessThan(0);
  });

  it('maps constant scores to the mean of Platt’s smoothed targets', () => {
    const rows = readLabelledInput({ probabilities: new Array(10).fill(0.5) }, labels, 'fitCalibrator', 0);
    const fit = plattScalingMethod.fit(rows, {}, settings);
    expect(fit.converged).toBe(true);
    const q = plattScalingMethod.apply(fit.parameters, rows)[1] as number;
    expectClose(q, (5 * (6 / 7) + 5 * (1 / 7)) / 10, { relative: 1e-10, absolute: 0 });
  });

  it('takes maxIterations and tolerance', () => {
    const rows = readLabelledInput({ logits: scores }, labels, 'fitCalibrator', 0);
    expect(plattScalingMethod.fit(rows, {}, { maxIterations: 1, tolerance: undefined })).toMatchObject({
      iterations: 1,
      converged: false,
    });
    const loose = plattScalingMethod.fit(rows, {}, { maxIterations: undefined, tolerance: 1e-2 });
    const tight = plattScalingMethod.fit(rows, {}, settings);
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(tight.iterations);
  });

  it('reads its JSON back and refuses broken parameters, naming the entry', () => {
    const json = { a: [-2, -1, -3], b: [0.5, 0, 1] };
    expect(plattScalingMethod.fromJson(json, 3, 'Calibrator.fromJSON')).toEqual({
      a: Float64Array.of(-2, -1, -3),
      b: Float64Array.of(0.5, 0, 1),
    });
    const refuse = (value: unknown, path: string, type = InvalidArgumentError as unknown) => {
      const call = () => plattScalingMethod.fromJson(value, 3, 'Calibrator.fromJSON');
      expect(call).toThrow(type as typeof InvalidArgumentError);
      expect(call).toThrow(`'${path}' passed to 'Calibrator.fromJSON'`);
    };
    refuse({ ...json, kind: 'logits' }, 'json.parameters.kind');
    refuse({ ...json, a: [-2, -1] }, 'json.parameters.a', ShapeMismatchError);
    refuse({ ...json, b: [0.5, Number.POSITIVE_INFINITY, 1] }, 'json.parameters.b[1]');
    refuse({ a: [1, 1, 1] }, 'json.parameters.b');
    refuse([1, 2], 'json.parameters');
  });
});
