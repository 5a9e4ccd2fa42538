import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';
import {
  prepareAccuracyOptions,
  prepareAdaptiveCalibrationErrorOptions,
  prepareBrierScoreOptions,
  prepareCalibrationAccumulatorOptions,
  prepareClasswiseCalibrationErrorOptions,
  prepareConfidenceHistogramOptions,
  prepareDebiasedCalibrationErrorOptions,
  prepareExpectedCalibrationErrorOptions,
  prepareFitTemperatureOptions,
  prepareKsCalibrationErrorOptions,
  prepareNegativeLogLikelihoodOptions,
  prepareReliabilityDiagramOptions,
  prepareSmoothCalibrationErrorOptions,
} from './prepare-calibration-options';

describe('prepare…Options', () => {
  it('fills in the defaults', () => {
    expect(prepareExpectedCalibrationErrorOptions()).toEqual({
      bins: 15,
      norm: 'l1',
      binning: 'uniform',
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    expect(prepareAdaptiveCalibrationErrorOptions()).toEqual({
      bins: 15,
      norm: 'l1',
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    expect(prepareClasswiseCalibrationErrorOptions()).toEqual({
      bins: 15,
      norm: 'l1',
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    expect(prepareDebiasedCalibrationErrorOptions()).toEqual({
      bins: 15,
      binning: 'uniform',
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    expect(prepareReliabilityDiagramOptions()).toEqual({
      bins: 15,
      binning: 'uniform',
      distributionTolerance: 1e-3,
      precision: 'float64',
      classIndex: undefined,
    });
    expect(prepareConfidenceHistogramOptions()).toEqual({
      bins: 15,
      binning: 'uniform',
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    for (const prepare of [prepareBrierScoreOptions, prepareNegativeLogLikelihoodOptions, prepareAccuracyOptions]) {
      expect(prepare()).toEqual({ distributionTolerance: 1e-3, precision: 'float64' });
    }
    expect(prepareFitTemperatureOptions()).toEqual({
      initialTemperature: 1,
      minTemperature: 0.01,
      maxTemperature: 100,
      maxIterations: 50,
      tolerance: 1e-9,
      precision: 'float64',
    });
    expect(prepareCalibrationAccumulatorOptions()).toEqual({
      bins: 15,
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
  });

  it('keeps valid values', () => {
    expect(
      prepareExpectedCalibrationErrorOptions({ bins: 1, norm: 'max', binning: 'quantile', distributionTolerance: 0 }),
    ).toEqual({ bins: 1, norm: 'max', binning: 'quantile', distributionTolerance: 0, precision: 'float64' });
    expect(prepareAccuracyOptions({ precision: 'float32' }).precision).toBe('float32');
    expect(prepareFitTemperatureOptions({ precision: 'float32' }).precision).toBe('float32');
    expect(prepareCalibrationAccumulatorOptions({ precision: 'float32' }).precision).toBe('float32');
    expect(prepareReliabilityDiagramOptions({ classIndex: 3 }).classIndex).toBe(3);
    expect(prepareFitTemperatureOptions({ initialTemperature: 1.5, maxIterations: 5 })).toMatchObject({
      initialTemperature: 1.5,
      maxIterations: 5,
    });
  });

  it.each([
    [
      () => prepareExpectedCalibrationErrorOptions({ bins: 0 }),
      "Argument 'options.bins' passed to 'expectedCalibrationError' must be an integer in [1, 1000000], but got 0.",
    ],
    [() => prepareExpectedCalibrationErrorOptions({ bins: 2.5 }), 'must be an integer in [1, 1000000], but got 2.5'],
    [
      () => prepareExpectedCalibrationErrorOptions({ norm: 'l3' as never }),
      "must be one of 'l1', 'l2', 'max', but got \"l3\"",
    ],
    [
      () => prepareExpectedCalibrationErrorOptions({ binning: 'equal' as never }),
      "must be one of 'uniform', 'quantile'",
    ],
    [() => prepareExpectedCalibrationErrorOptions({ distributionTolerance: -1 }), "'options.distributionTolerance'"],
    [
      () => prepareExpectedCalibrationErrorOptions(null as never),
      "Argument 'options' passed to 'expectedCalibrationError'",
    ],
    [() => prepareAdaptiveCalibrationErrorOptions({ bins: -3 }), "passed to 'adaptiveCalibrationError'"],
    [() => prepareClasswiseCalibrationErrorOptions({ norm: 'L1' as never }), "passed to 'classwiseCalibrationError'"],
    [() => prepareDebiasedCalibrationErrorOptions({ bins: Number.NaN }), "passed to 'debiasedCalibrationError'"],
    [() => prepareReliabilityDiagramOptions({ classIndex: -1 }), "'options.classIndex' passed to 'reliabilityDiagram'"],
    [
      () => prepareReliabilityDiagramOptions({ classIndex: 1, binning: 'quantile' }),
      "be 'uniform' when options.classIndex is set",
    ],
    [() => prepareConfidenceHistogramOptions({ bins: 0 }), "passed to 'confidenceHistogram'"],
    [() => prepareBrierScoreOptions({ distributionTolerance: Number.NaN }), "passed to 'brierScore'"],
    [() => prepareNegativeLogLikelihoodOptions([] as never), "'options' passed to 'negativeLogLikelihood'"],
    [() => prepareAccuracyOptions({ distributionTolerance: '1' as never }), "passed to 'accuracy'"],
    [
      () => prepareFitTemperatureOptions({ minTemperature: 0 }),
      "'options.minTemperature' passed to 'fitTemperature' must be a finite number in [0.0001, 10000]",
    ],
    [
      () => prepareFitTemperatureOptions({ maxTemperature: 0.001 }),
      "'options.maxTemperature' passed to 'fitTemperature' must be a finite number in (0.01, 10000]",
    ],
    [() => prepareFitTemperatureOptions({ initialTemperature: 1000 }), 'must be a finite number in [0.01, 100]'],
    [() => prepareFitTemperatureOptions({ maxIterations: 0 }), "'options.maxIterations'"],
    [() => prepareFitTemperatureOptions({ tolerance: 0 }), "'options.tolerance'"],
    [() => prepareCalibrationAccumulatorOptions({ bins: 0 }), "passed to 'CalibrationAccumulator'"],
    [
      () => prepareClasswiseCalibrationErrorOptions({ bins: 1e10 }),
      "Argument 'options.bins' passed to 'classwiseCalibrationError' must be an integer in [1, 1000000], but got 10000000000.",
    ],
    [
      () => prepareExpectedCalibrationErrorOptions({ precision: 'float16' as never }),
      "Argument 'options.precision' passed to 'expectedCalibrationError' must be one of 'float32', 'float64'",
    ],
    [
      () => prepareFitTemperatureOptions({ precision: 'double' as never }),
      "'options.precision' passed to 'fitTemperature'",
    ],
    [
      () => prepareBrierScoreOptions({ bins: 10 } as never),
      "Argument 'options.bins' passed to 'brierScore' must not be set: known options are distributionTolerance, precision",
    ],
    [() => prepareFitTemperatureOptions({ distributionTolerance: 0 } as never), "'options.distributionTolerance'"],
    [
      () => prepareReliabilityDiagramOptions({ validate: false } as never),
      "'options.validate' passed to 'reliabilityDiagram'",
    ],
  ])('rejects bad options (%#)', (prepare, message) => {
    expect(prepare).toThrow(message);
    expect(prepare).toThrow(InvalidArgumentError);
  });
});

describe('bootstrap, intervals and the smooth and KS options', () => {
  it('fill in their defaults', () => {
    expect(prepareExpectedCalibrationErrorOptions({ bootstrap: {} }).bootstrap).toEqual({
      resamples: 1000,
      level: 0.95,
      seed: 0,
    });
    expect(prepareAccuracyOptions({ bootstrap: { seed: -5, level: 0.5 } }).bootstrap).toEqual({
      resamples: 1000,
      level: 0.5,
      seed: -5,
    });
    expect(prepareBrierScoreOptions().bootstrap).toBeUndefined();
    expect(prepareReliabilityDiagramOptions({ intervals: {} }).intervals).toEqual({ level: 0.95 });
    expect(prepareReliabilityDiagramOptions().intervals).toBeUndefined();
    expect(prepareSmoothCalibrationErrorOptions()).toEqual({
      bandwidth: 'auto',
      gridSize: 1001,
      classwise: false,
      distributionTolerance: 1e-3,
      precision: 'float64',
    });
    expect(prepareSmoothCalibrationErrorOptions({ gridSize: 11, bandwidth: 0.1 }).bandwidth).toBe(0.1);
    expect(prepareKsCalibrationErrorOptions({ classwise: true }).classwise).toBe(true);
  });

  it.each([
    [
      () => prepareBrierScoreOptions({ bootstrap: { resamples: 0 } }),
      "'options.bootstrap.resamples' passed to 'brierScore'",
    ],
    [
      () => prepareNegativeLogLikelihoodOptions({ bootstrap: { resamples: 2.5 } }),
      "'options.bootstrap.resamples' passed to 'negativeLogLikelihood'",
    ],
    [
      () => prepareAccuracyOptions({ bootstrap: { level: 0 } }),
      "'options.bootstrap.level' passed to 'accuracy' must be",
    ],
    [
      () => prepareAccuracyOptions({ bootstrap: { level: 1 } }),
      "'options.bootstrap.level' passed to 'accuracy' must be",
    ],
    [() => prepareAccuracyOptions({ bootstrap: { seed: 2 ** 31 } }), "'options.bootstrap.seed' passed to 'accuracy'"],
    [
      () => prepareDebiasedCalibrationErrorOptions({ bootstrap: { draws: 3 } as never }),
      "'options.bootstrap.draws' passed to 'debiasedCalibrationError' must not be set",
    ],
    [
      () => prepareReliabilityDiagramOptions({ intervals: { level: 1.5 } }),
      "'options.intervals.level' passed to 'reliabilityDiagram'",
    ],
    [
      () => prepareReliabilityDiagramOptions({ bootstrap: {} } as never),
      "'options.bootstrap' passed to 'reliabilityDiagram' must not be set",
    ],
    [
      () => prepareSmoothCalibrationErrorOptions({ gridSize: 11, bandwidth: 0.05 }),
      "'options.bandwidth' passed to 'smoothCalibrationError' must be a finite number in [0.1, 1], but got 0.05.",
    ],
    [
      () => prepareSmoothCalibrationErrorOptions({ gridSize: 1e6 }),
      "'options.gridSize' passed to 'smoothCalibrationError'",
    ],
    [() => prepareKsCalibrationErrorOptions({ bins: 10 } as never), "'options.bins' passed to 'ksCalibrationError'"],
  ])('reject bad values (%#)', (prepare, message) => {
    expect(prepare).toThrow(message);
    expect(prepare).toThrow(InvalidArgumentError);
  });
});
