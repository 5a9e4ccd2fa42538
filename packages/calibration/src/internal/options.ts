/**
 * Options of every entry point and their `prepare…Options()` functions: defaults filled in, every value checked with
 * an error naming the option and the function.
 */
import { checkChoice, checkNumber, InvalidArgumentError } from '@softlabels/core';
import type { CalibrationBinning, CalibrationNorm } from '../types';

/** Options every metric that reads probabilities shares. */
export interface InputOptions {
  /**
   * How far `probabilities` may stray from a distribution: entries in [−tol, 1 + tol], row sums within tol of 1.
   * Default 1e-3 (float32 softmax outputs of 10k classes stay well inside it).
   */
  distributionTolerance?: number;
}

/** Options of `expectedCalibrationError`. */
export interface ExpectedCalibrationErrorOptions extends InputOptions {
  /** Number of bins M (default 15, as in Guo et al. and the paper). */
  bins?: number;
  /** How bin gaps are combined (default `'l1'`: ECE). */
  norm?: CalibrationNorm;
  /** Equal-width (default) or equal-mass bins. */
  binning?: CalibrationBinning;
}

/** Options of `adaptiveCalibrationError` (always equal-mass bins). */
export interface AdaptiveCalibrationErrorOptions extends InputOptions {
  /** Number of bins M (default 15). */
  bins?: number;
  /** How bin gaps are combined (default `'l1'`). */
  norm?: CalibrationNorm;
}

/** Options of `classwiseCalibrationError` (equal-width bins per class). */
export interface ClasswiseCalibrationErrorOptions extends InputOptions {
  /** Number of bins M (default 15). */
  bins?: number;
  /** How bin gaps are combined within each class (default `'l1'`). */
  norm?: CalibrationNorm;
}

/** Options of `debiasedCalibrationError`. */
export interface DebiasedCalibrationErrorOptions extends InputOptions {
  /** Number of bins M (default 15). */
  bins?: number;
  /** Equal-width (default) or equal-mass bins. */
  binning?: CalibrationBinning;
}

/** Options of `reliabilityDiagram`. */
export interface ReliabilityDiagramOptions extends InputOptions {
  /** Number of bins M (default 15). */
  bins?: number;
  /** Equal-width (default) or equal-mass bins (top label only). */
  binning?: CalibrationBinning;
  /**
   * Draw the one-vs-rest diagram of this class (p_k against 1{y = k}, what scikit-learn's `calibration_curve` shows
   * for class 1 of a binary problem) instead of the top-label one. Equal-width bins only.
   */
  classIndex?: number;
}

/** Options of `confidenceHistogram`. */
export interface ConfidenceHistogramOptions extends InputOptions {
  /** Number of bins M (default 15). */
  bins?: number;
  /** Equal-width (default) or equal-mass bins. */
  binning?: CalibrationBinning;
}

/** Options of `brierScore`, `negativeLogLikelihood` and `accuracy`. */
export type ScoreOptions = InputOptions;

/** Options of `fitTemperature`. */
export interface FitTemperatureOptions {
  /** Where the search starts (default 1). */
  initialTemperature?: number;
  /** Smallest temperature allowed (default 0.01); the fit stops there, unconverged, on separable data. */
  minTemperature?: number;
  /** Largest temperature allowed (default 100). */
  maxTemperature?: number;
  /** Most passes over the logits (default 50). */
  maxIterations?: number;
  /** Stop when a Newton step in log T is smaller than this (default 1e-9; at least 1e-6 on the fused float32 path). */
  tolerance?: number;
}

/** Options of `CalibrationAccumulator`. */
export interface CalibrationAccumulatorOptions extends InputOptions {
  /** Number of equal-width bins M (default 15). */
  bins?: number;
}

const norms = ['l1', 'l2', 'max'] as const;
const binnings = ['uniform', 'quantile'] as const;

function checkOptionsObject(options: unknown, functionName: string): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options',
      value: options,
      expected: 'be an options object',
    });
  }
  return options as Record<string, unknown>;
}

function tolerance(options: Record<string, unknown>, functionName: string): number {
  return checkNumber(options.distributionTolerance ?? 1e-3, 'options.distributionTolerance', functionName, { min: 0 });
}

function bins(options: Record<string, unknown>, functionName: string): number {
  return checkNumber(options.bins ?? 15, 'options.bins', functionName, { min: 1, integer: true });
}

function norm(options: Record<string, unknown>, functionName: string): CalibrationNorm {
  return checkChoice(options.norm ?? 'l1', norms, 'options.norm', functionName);
}

function binning(options: Record<string, unknown>, functionName: string): CalibrationBinning {
  return checkChoice(options.binning ?? 'uniform', binnings, 'options.binning', functionName);
}

export function prepareExpectedCalibrationErrorOptions(
  options: ExpectedCalibrationErrorOptions = {},
): Required<ExpectedCalibrationErrorOptions> {
  const name = 'expectedCalibrationError';
  const o = checkOptionsObject(options, name);
  return {
    bins: bins(o, name),
    norm: norm(o, name),
    binning: binning(o, name),
    distributionTolerance: tolerance(o, name),
  };
}

export function prepareAdaptiveCalibrationErrorOptions(
  options: AdaptiveCalibrationErrorOptions = {},
): Required<AdaptiveCalibrationErrorOptions> {
  const name = 'adaptiveCalibrationError';
  const o = checkOptionsObject(options, name);
  return { bins: bins(o, name), norm: norm(o, name), distributionTolerance: tolerance(o, name) };
}

export function prepareClasswiseCalibrationErrorOptions(
  options: ClasswiseCalibrationErrorOptions = {},
): Required<ClasswiseCalibrationErrorOptions> {
  const name = 'classwiseCalibrationError';
  const o = checkOptionsObject(options, name);
  return { bins: bins(o, name), norm: norm(o, name), distributionTolerance: tolerance(o, name) };
}

export function prepareDebiasedCalibrationErrorOptions(
  options: DebiasedCalibrationErrorOptions = {},
): Required<DebiasedCalibrationErrorOptions> {
  const name = 'debiasedCalibrationError';
  const o = checkOptionsObject(options, name);
  return { bins: bins(o, name), binning: binning(o, name), distributionTolerance: tolerance(o, name) };
}

/** `classIndex` is range-checked against the class count later, when the input is read. */
export function prepareReliabilityDiagramOptions(
  options: ReliabilityDiagramOptions = {},
): Required<Omit<ReliabilityDiagramOptions, 'classIndex'>> & { classIndex: number | undefined } {
  const name = 'reliabilityDiagram';
  const o = checkOptionsObject(options, name);
  const prepared = {
    bins: bins(o, name),
    binning: binning(o, name),
    distributionTolerance: tolerance(o, name),
    classIndex:
      o.classIndex === undefined
        ? undefined
        : checkNumber(o.classIndex, 'options.classIndex', name, { min: 0, integer: true }),
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
  const o = checkOptionsObject(options, name);
  return { bins: bins(o, name), binning: binning(o, name), distributionTolerance: tolerance(o, name) };
}

function scoreOptions(options: ScoreOptions, functionName: string): Required<ScoreOptions> {
  return { distributionTolerance: tolerance(checkOptionsObject(options, functionName), functionName) };
}

export function prepareBrierScoreOptions(options: ScoreOptions = {}): Required<ScoreOptions> {
  return scoreOptions(options, 'brierScore');
}

export function prepareNegativeLogLikelihoodOptions(options: ScoreOptions = {}): Required<ScoreOptions> {
  return scoreOptions(options, 'negativeLogLikelihood');
}

export function prepareAccuracyOptions(options: ScoreOptions = {}): Required<ScoreOptions> {
  return scoreOptions(options, 'accuracy');
}

export function prepareFitTemperatureOptions(options: FitTemperatureOptions = {}): Required<FitTemperatureOptions> {
  const name = 'fitTemperature';
  const o = checkOptionsObject(options, name);
  const minTemperature = checkNumber(o.minTemperature ?? 0.01, 'options.minTemperature', name, {
    min: 0,
    minExclusive: true,
  });
  const maxTemperature = checkNumber(o.maxTemperature ?? 100, 'options.maxTemperature', name, {
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
  };
}

export function prepareCalibrationAccumulatorOptions(
  options: CalibrationAccumulatorOptions = {},
): Required<CalibrationAccumulatorOptions> {
  const name = 'CalibrationAccumulator';
  const o = checkOptionsObject(options, name);
  return { bins: bins(o, name), distributionTolerance: tolerance(o, name) };
}
