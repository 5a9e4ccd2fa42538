export type {
  CalibrationBinning,
  CalibrationInput,
  CalibrationNorm,
  CalibrationPrecision,
  LabelsInput,
  RuntimeTensor,
  ScoresInput,
} from './types';
export type { InputOptions } from './input-options';
export type { LabelOptions } from './label-options';
export type { ScoreOptions } from './score-options';
export type { ExpectedCalibrationErrorOptions } from './expected-calibration-error-options';
export type { AdaptiveCalibrationErrorOptions } from './adaptive-calibration-error-options';
export type { ClasswiseCalibrationErrorOptions } from './classwise-calibration-error-options';
export type { DebiasedCalibrationErrorOptions } from './debiased-calibration-error-options';
export type { ReliabilityDiagramOptions } from './reliability-diagram-options';
export type { ConfidenceHistogramOptions } from './confidence-histogram-options';
export type { FitTemperatureOptions } from './fit-temperature-options';
export type { CalibrationAccumulatorOptions } from './calibration-accumulator-options';
export type {
  ReliabilityBin,
  ReliabilityDiagram,
  ReliabilityDiagramWithIntervals,
  ReliabilityIntervalBin,
} from './internal/compute';
export { expectedCalibrationError } from './expected-calibration-error';
export { adaptiveCalibrationError } from './adaptive-calibration-error';
export { classwiseCalibrationError } from './classwise-calibration-error';
export { debiasedCalibrationError } from './debiased-calibration-error';
export { brierScore } from './brier-score';
export { negativeLogLikelihood } from './negative-log-likelihood';
export { accuracy } from './accuracy';
export { confidenceHistogram, type ConfidenceHistogram } from './confidence-histogram';
export { reliabilityDiagram } from './reliability-diagram';
export { fitTemperature } from './fit-temperature';
export type { TemperatureFit } from './temperature-fit';
export { applyTemperature } from './apply-temperature';
export { fitCalibrator } from './fit-calibrator';
export { Calibrator, type CalibratorApplyOptions } from './calibrator';
export type {
  CalibratedProbabilities,
  CalibratorDiagnostics,
  CalibratorJson,
  CalibratorJsonValue,
} from './calibrator-types';
export type {
  CalibratorFitOptions,
  CalibratorMethod,
  CalibratorOptionsByMethod,
  HistogramBinningOptions,
  IterativeFitOptions,
  FitIteration,
  MapFitOptions,
  LinearFitOptions,
  RegularizationOptions,
} from './fit-calibrator-options';
export {
  CalibrationAccumulator,
  type CalibrationAccumulatorJson,
  type CalibrationSummary,
} from './calibration-accumulator';
export type { BootstrapOption, BootstrapOptions, MetricInterval, WithBootstrap } from './bootstrap-options';
export type { SmoothCalibrationErrorOptions } from './smooth-calibration-error-options';
export type { KsCalibrationErrorOptions } from './ks-calibration-error-options';
export { smoothCalibrationError } from './smooth-calibration-error';
export { ksCalibrationError } from './ks-calibration-error';
