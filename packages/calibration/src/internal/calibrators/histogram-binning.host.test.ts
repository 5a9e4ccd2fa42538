import { InvalidArgumentError, ShapeMismatchError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import { readLabelledInput } from '../read-input';
import { histogramBinningMethod } from './histogram-binning';

const settings = { maxIterations: undefined, tolerance: undefined };
const p = [0.05, 0.1, 0.15, 0.3, 0.3, 0.3, 0.8, 0.9];
const labels = [0, 0, 1, 0, 1, 1, 1, 1];
const rows = () => readLabelledInput({ probabilities: p }, labels, 'fitCalibrator', 0);

describe('histogramBinningMethod', () => {
  it('maps each uniform bin to its fraction of positives, an empty bin to its midpoint', () => {
    const { parameters } = histogramBinningMethod.fit(rows(), { bins: 4 }, settings);
    expect(Array.from(parameters.edges[0] as Float64Array)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(parameters.values[0] as Float64Array)).toEqual([1 / 3, 2 / 3, 0.625, 1]);
  });

  it('cuts quantile bins at the fit data, tied values sharing a bin', () => {
    const { parameters } = histogramBinningMethod.fit(rows(), { bins: 4, binning: 'quantile' }, settings);
    expect(Array.from(parameters.edges[0] as Float64Array)).toEqual([0, 0.1, 0.3, 0.3, 1]);
    expect(Array.from(parameters.values[0] as Float64Array)).toEqual([0, 0.75, 0.3, 1]);
  });

  it('with one bin is the fraction of positives everywhere, and takes 15 bins by default', () => {
    const one = histogramBinningMethod.fit(rows(), { bins: 1 }, settings).parameters;
    expect(Array.from(one.values[0] as Float64Array)).toEqual([5 / 8]);
    expect(histogramBinningMethod.fit(rows(), {}, settings).parameters.values[0]).toHaveLength(15);
  });

  it('refuses bad options, naming fitCalibrator and the option', () => {
    for (const bins of [0, 2.5, 1e6 + 1, Number.NaN, '15']) {
      expect(() => histogramBinningMethod.fit(rows(), { bins }, settings)).toThrow(
        "Argument 'options.bins' passed to 'fitCalibrator'",
      );
    }
    expect(() => histogramBinningMethod.fit(rows(), { binning: 'equal' }, settings)).toThrow(
      "Argument 'options.binning' passed to 'fitCalibrator'",
    );
  });

  it('reads its JSON back and refuses broken parameters, naming the entry', () => {
    const json = () => ({ edges: [[0, 0.5, 1]], values: [[0.2, 0.9]] });
    expect(histogramBinningMethod.fromJson(json(), 2, 'Calibrator.fromJSON').values[0]).toEqual(
      Float64Array.of(0.2, 0.9),
    );
    const refuse = (value: unknown, path: string, type: typeof InvalidArgumentError | typeof ShapeMismatchError) => {
      const call = () => histogramBinningMethod.fromJson(value, 2, 'Calibrator.fromJSON');
      expect(call).toThrow(type);
      expect(call).toThrow(`'${path}' passed to 'Calibrator.fromJSON'`);
    };
    refuse({ ...json(), edges: [[0.1, 0.5, 1]] }, 'json.parameters.edges[0][0]', InvalidArgumentError);
    refuse({ ...json(), edges: [[0, 0.5, 0.9]] }, 'json.parameters.edges[0][2]', InvalidArgumentError);
    refuse({ edges: [[0, 0.6, 0.5, 1]], values: [[0, 0, 1]] }, 'json.parameters.edges[0][2]', InvalidArgumentError);
    refuse({ edges: [[0]], values: [[]] }, 'json.parameters.edges[0]', ShapeMismatchError);
    refuse({ ...json(), values: [[0.2, 1.1]] }, 'json.parameters.values[0][1]', InvalidArgumentError);
    refuse({ ...json(), values: [[0.2]] }, 'json.parameters.values[0]', ShapeMismatchError);
  });
});
