export type { CalibrationBinning, CalibrationInput, CalibrationNorm, LabelsInput } from './types';
export type {
  AdaptiveCalibrationErrorOptions,
  CalibrationAccumulatorOptions,
  ClasswiseCalibrationErrorOptions,
  ConfidenceHistogramOptions,
  DebiasedCalibrationErrorOptions,
  ExpectedCalibrationErrorOptions,
  FitTemperatureOptions,
  InputOptions,
  ReliabilityDiagramOptions,
  ScoreOptions,
} from './internal/options';
export type { ReliabilityBin, ReliabilityDiagram } from './internal/compute';
export { expectedCalibrationError } from './expected-calibration-error';
export { adaptiveCalibrationError } from './adaptive-calibration-error';
export { classwiseCalibrationError } from './classwise-calibration-error';
export { debiasedCalibrationError } from './debiased-calibration-error';
export { brierScore } from './brier-score';
export { negativeLogLikelihood } from './negative-log-likelihood';
export { accuracy } from './accuracy';
export { confidenceHistogram, type ConfidenceHistogram } from './confidence-histogram';
export { reliabilityDiagram } from './reliability-diagram';
export { fitTemperature, type TemperatureFit } from './fit-temperature';
export { applyTemperature } from './apply-temperature';
export {
  CalibrationAccumulator,
  type CalibrationAccumulatorJson,
  type CalibrationSummary,
} from './calibration-accumulator';
