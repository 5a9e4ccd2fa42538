export {
  lsceForwardBackward,
  prepareLsceForwardBackwardOptions,
  type LsceForwardBackwardOptions,
  type LsceForwardBackwardResult,
  type PreparedLsceForwardBackwardOptions,
} from './lsce-forward-backward';
export {
  calibrationStatistics,
  prepareCalibrationStatisticsOptions,
  type CalibrationStatisticsOptions,
  type CalibrationStatisticsResult,
  type PreparedCalibrationStatisticsOptions,
} from './calibration-statistics';
export {
  createTemperatureNll,
  prepareTemperatureNllData,
  type PreparedTemperatureNllData,
  type TemperatureNllData,
  type TemperatureNllResult,
} from './create-temperature-nll';
export { temperatureNll, prepareTemperatureNllOptions, type TemperatureNllOptions } from './temperature-nll';
export { createLinearSoftmaxNll, type LinearSoftmaxNll, type LinearSoftmaxNllData } from './create-linear-softmax-nll';
export { createLinearSoftmaxPath, type LinePoint, type LinearSoftmaxPath } from './create-linear-softmax-path';
export { linearSoftmaxProbabilities, type LinearSoftmaxProbabilitiesOptions } from './linear-softmax-probabilities';
export { multiplyTransposed, type MultiplyTransposedOptions } from './multiply-transposed';
export { fusedKernelsAvailable } from './fused-kernels-available';
export {
  LabelSmoothingCrossEntropyKernel,
  type LabelSmoothingCrossEntropyAttrs,
} from './label-smoothing-cross-entropy-kernel';
export { FocalLossKernel, type FocalLossAttrs } from './focal-loss-kernel';
export { ConfidencePenaltyKernel, type ConfidencePenaltyAttrs } from './confidence-penalty-kernel';
export { registerFusedKernels } from './register-fused-kernels';
export { viewTensorData } from './view-tensor-data';
export { createTensorWith } from './create-tensor-with';
export { setKernelThreads, startKernelThreads } from './set-kernel-threads';
