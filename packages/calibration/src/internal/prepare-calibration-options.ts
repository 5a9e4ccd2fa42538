/**
 * The `prepare…Options()` functions of every entry point: unknown keys rejected, defaults filled in, every value
 * checked with an error naming the option and the function.
 */
import {
  checkBoolean,
  checkChoice,
  checkNumber,
  InvalidArgumentError,
  readOptions,
  TEMPERATURE_RANGE,
} from '@softlabels/core';
import type { AdaptiveCalibrationErrorOptions } from '../adaptive-calibration-error-options';
import type { BootstrapOptions } from '../bootstrap-options';
import type { CalibrationAccumulatorOptions } from '../calibration-accumulator-options';
import type { ClasswiseCalibrationErrorOptions } from '../classwise-calibration-error-options';
import type { ConfidenceHistogramOptions } from '../confidence-histogram-options';
import type { DebiasedCalibrationErrorOptions } from '../debiased-calibration-error-options';
import type { ExpectedCalibrationErrorOptions } from '../expected-calibration-error-options';
import type { FitTemperatureOptions } from '../fit-temperature-options';
import type { KsCalibrationErrorOptions } from '../ks-calibration-error-options';
import type { InputOptions } from '../input-options';
import type { LabelOptions } from '../label-options';
import type { ReliabilityDiagramOptions } from '../reliability-diagram-options';
import type { ScoreOptions } from '../score-options';
import type { SmoothCalibrationErrorOptions } from '../smooth-calibration-error-options';
import type { CalibrationBinning, CalibrationNorm, CalibrationPrecision } from '../types';
import { checkLevel, prepareBootstrap, type PreparedBootstrap } from './bootstrap';

const norms = ['l1', 'l2', 'max'] as const;
const binnings = ['uniform', 'quantile'] as const;
const precisions = ['float32', 'float64'] as const;
const inputKeys = ['distributionTolerance', 'precision'] as const;
/** The keys of {@link InputOptions} and `ignoreIndex`: the options of every metric that takes labels. */
const labelledKeys = [...inputKeys, 'ignoreIndex'] as const;
/** {@link labelledKeys} and `bootstrap`: the options of every metric that returns a number. */
const metricKeys = [...labelledKeys, 'bootstrap'] as const;

/**
 * Options with defaults filled in; `ignoreIndex` stays undefined when not given (no label is ignored), and so does
 * `bootstrap` (no resampling).
 */
type Prepared<T> = Required<Omit<T, 'ignoreIndex' | 'bootstrap'>> & { ignoreIndex: number | undefined };

/** {@link Prepared} options of a metric that takes `bootstrap`. */
type PreparedMetric<T> = Prepared<T> & { bootstrap: PreparedBootstrap | undefined };

/** The default of every `precision` option. */
const DEFAULT_PRECISION: CalibrationPrecision = 'float64';

function precision(options: Record<string, unknown>, functionName: string): CalibrationPrecision {
  return checkChoice(options.precision ?? DEFAULT_PRECISION, precisions, 'options.precision', functionName);
}

function inputOptions(options: Record<string, unknown>, functionName: string): Required<InputOptions> {
  return {
    distributionTolerance: checkNumber(
      options.distributionTolerance ?? 1e-3,
      'options.distributionTolerance',
      functionName,
      { min: 0 },
    ),
    precision: precision(options, functionName),
  };
}

function ignoreIndex(options: Record<string, unknown>, functionName: string): number | undefined {
  return options.ignoreIndex === undefined
    ? undefined
    : checkNumber(options.ignoreIndex, 'options.ignoreIndex', functionName, { integer: true });
}

/** `inputOptions` and `ignoreIndex`. */
function labelledOptions(options: Record<string, unknown>, functionName: string): Prepared<ScoreOptions> {
  return { ...inputOptions(options, functionName), ignoreIndex: ignoreIndex(options, functionName) };
}

/** `labelledOptions` and `bootstrap`: the options every metric that returns a number shares. */
function metricOptions(options: Record<string, unknown>, functionName: string): PreparedMetric<ScoreOptions> {
  return { ...labelledOptions(options, functionName), bootstrap: prepareBootstrap(options.bootstrap, functionName) };
}

/** The most bins any metric takes: the bound of the fused calibration kernel of `@softlabels/core/kernels`. */
export const MAX_BINS = 1e6;

function bins(options: Record<string, unknown>, functionName: string): number {
  return checkNumber(options.bins ?? 15, 'options.bins', functionName, { min: 1, max: MAX_BINS, integer: true });
}

function norm(options: Record<string, unknown>, functionName: string): CalibrationNorm {
  return checkChoice(options.norm ?? 'l1', norms, 'options.norm', functionName);
}

function binning(options: Record<string, unknown>, functionName: string): CalibrationBinning {
  return checkChoice(options.binning ?? 'uniform', binnings, 'options.binning', functionName);
}

export function prepareExpectedCalibrationErrorOptions(
  options: ExpectedCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<ExpectedCalibrationErrorOptions> {
  const name = 'expectedCalibrationError';
  const o = readOptions(options, ['bins', 'norm', 'binning', ...metricKeys], name);
  return {
    bins: bins(o, name),
    norm: norm(o, name),
    binning: binning(o, name),
    ...metricOptions(o, name),
  };
}

export function prepareAdaptiveCalibrationErrorOptions(
  options: AdaptiveCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<AdaptiveCalibrationErrorOptions> {
  const name = 'adaptiveCalibrationError';
  const o = readOptions(options, ['bins', 'norm', ...metricKeys], name);
  return {
    bins: bins(o, name),
    norm: norm(o, name),
    ...metricOptions(o, name),
  };
}

export function prepareClasswiseCalibrationErrorOptions(
  options: ClasswiseCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<ClasswiseCalibrationErrorOptions> {
  const name = 'classwiseCalibrationError';
  const o = readOptions(options, ['bins', 'norm', ...metricKeys], name);
  return {
    bins: bins(o, name),
    norm: norm(o, name),
    ...metricOptions(o, name),
  };
}

export function prepareDebiasedCalibrationErrorOptions(
  options: DebiasedCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<DebiasedCalibrationErrorOptions> {
  const name = 'debiasedCalibrationError';
  const o = readOptions(options, ['bins', 'binning', ...metricKeys], name);
  return {
    bins: bins(o, name),
    binning: binning(o, name),
    ...metricOptions(o, name),
  };
}

/** The `intervals` option of `reliabilityDiagram`: `{ level }`, level strictly between 0 and 1 (default 0.95). */
function intervals(value: unknown, functionName: string): { level: number } | undefined {
  if (value === undefined) return undefined;
  const o = readOptions(value, ['level'], functionName, 'options.intervals');
  return { level: checkLevel(o.level ?? 0.95, 'options.intervals.level', functionName) };
}

/** `classIndex` is range-checked against the class count later, when the input is read. */
export function prepareReliabilityDiagramOptions(options: ReliabilityDiagramOptions = {}): Prepared<
  Omit<ReliabilityDiagramOptions, 'classIndex' | 'intervals'>
> & {
  classIndex: number | undefined;
  intervals: { level: number } | undefined;
} {
  const name = 'reliabilityDiagram';
  const o = readOptions(options, ['bins', 'binning', 'classIndex', 'intervals', ...labelledKeys], name);
  const prepared = {
    bins: bins(o, name),
    binning: binning(o, name),
    ...labelledOptions(o, name),
    classIndex:
      o.classIndex === undefined
        ? undefined
        : checkNumber(o.classIndex, 'options.classIndex', name, { min: 0, integer: true }),
    intervals: intervals(o.intervals, name),
  };
  if (prepared.classIndex !== undefined && prepared.binning !== 'uniform') {
    throw new InvalidArgumentError({
      functionName: name,
      parameter: 'options.binning',
      value: prepared.binning,
      expected: "be 'uniform' when options.classIndex is set",
    });
  }
  return prepared;
}

export function prepareConfidenceHistogramOptions(
  options: ConfidenceHistogramOptions = {},
): Required<ConfidenceHistogramOptions> {
  const name = 'confidenceHistogram';
  const o = readOptions(options, ['bins', 'binning', ...inputKeys], name);
  return { bins: bins(o, name), binning: binning(o, name), ...inputOptions(o, name) };
}

function scoreOptions(
  options: ScoreOptions<BootstrapOptions | undefined>,
  functionName: string,
): PreparedMetric<ScoreOptions> {
  const o = readOptions(options, metricKeys, functionName);
  return metricOptions(o, functionName);
}

export function prepareBrierScoreOptions(
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<ScoreOptions> {
  return scoreOptions(options, 'brierScore');
}

export function prepareNegativeLogLikelihoodOptions(
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<ScoreOptions> {
  return scoreOptions(options, 'negativeLogLikelihood');
}

export function prepareAccuracyOptions(
  options: ScoreOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<ScoreOptions> {
  return scoreOptions(options, 'accuracy');
}

/** The most grid points of `smoothCalibrationError`. */
export const MAX_GRID_SIZE = 1e5;

/** `bandwidth` is checked against the grid: at least one grid step 1/(gridSize − 1), at most 1. */
export function prepareSmoothCalibrationErrorOptions(
  options: SmoothCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<SmoothCalibrationErrorOptions> & { bandwidth: number | 'auto' } {
  const name = 'smoothCalibrationError';
  const o = readOptions(options, ['bandwidth', 'gridSize', 'classwise', ...metricKeys], name);
  const gridSize = checkNumber(o.gridSize ?? 1001, 'options.gridSize', name, {
    min: 3,
    max: MAX_GRID_SIZE,
    integer: true,
  });
  const bandwidth =
    o.bandwidth === undefined || o.bandwidth === 'auto'
      ? 'auto'
      : checkNumber(o.bandwidth, 'options.bandwidth', name, { min: 1 / (gridSize - 1), max: 1 });
  return {
    bandwidth,
    gridSize,
    classwise: checkBoolean(o.classwise, false, 'options.classwise', name),
    ...metricOptions(o, name),
  };
}

export function prepareKsCalibrationErrorOptions(
  options: KsCalibrationErrorOptions<BootstrapOptions | undefined> = {},
): PreparedMetric<KsCalibrationErrorOptions> {
  const name = 'ksCalibrationError';
  const o = readOptions(options, ['classwise', ...metricKeys], name);
  return {
    classwise: checkBoolean(o.classwise, false, 'options.classwise', name),
    ...metricOptions(o, name),
  };
}

export function prepareFitTemperatureOptions(options: FitTemperatureOptions = {}): Prepared<FitTemperatureOptions> {
  const name = 'fitTemperature';
  const o = readOptions(
    options,
    [
      'initialTemperature',
      'minTemperature',
      'maxTemperature',
      'maxIterations',
      'tolerance',
      'precision',
      'ignoreIndex',
    ],
    name,
  );
  const minTemperature = checkNumber(o.minTemperature ?? 0.01, 'options.minTemperature', name, TEMPERATURE_RANGE);
  const maxTemperature = checkNumber(o.maxTemperature ?? 100, 'options.maxTemperature', name, {
    ...TEMPERATURE_RANGE,
    min: minTemperature,
    minExclusive: true,
  });
  return {
    minTemperature,
    maxTemperature,
    initialTemperature: checkNumber(o.initialTemperature ?? 1, 'options.initialTemperature', name, {
      min: minTemperature,
      max: maxTemperature,
    }),
    maxIterations: checkNumber(o.maxIterations ?? 50, 'options.maxIterations', name, { min: 1, integer: true }),
    tolerance: checkNumber(o.tolerance ?? 1e-9, 'options.tolerance', name, { min: 0, minExclusive: true }),
    precision: precision(o, name),
    ignoreIndex: ignoreIndex(o, name),
  };
}

export function prepareCalibrationAccumulatorOptions(
  options: CalibrationAccumulatorOptions = {},
): Required<CalibrationAccumulatorOptions> {
  const name = 'CalibrationAccumulator';
  const o = readOptions(options, ['bins', ...inputKeys], name);
  return { bins: bins(o, name), ...inputOptions(o, name) };
}

export function prepareAccumulatorUpdateOptions(options: LabelOptions = {}): Prepared<LabelOptions> {
  const name = 'CalibrationAccumulator.update';
  return { ignoreIndex: ignoreIndex(readOptions(options, ['ignoreIndex'], name), name) };
}
