export { SoftlabelsError, type SoftlabelsErrorOptions } from './errors/softlabels-error';
export { InvalidArgumentError, type InvalidArgumentErrorOptions } from './errors/invalid-argument-error';
export { ShapeMismatchError, type ShapeMismatchErrorOptions } from './errors/shape-mismatch-error';
export { BackendUnavailableError, type BackendUnavailableErrorOptions } from './errors/backend-unavailable-error';
export { KernelError, type KernelErrorOptions } from './errors/kernel-error';

export { initBackend, type InitBackendOptions } from './backend/init-backend';
export { describeBackend, type BackendInfo, type BackendName } from './backend/backend-info';
export type { WasmPaths } from './backend/load-backend';

export { checkNumber, checkChoice, type NumberConstraints } from './validation/check-number';
export { checkRank, checkShape, classCount } from './validation/check-shape';
export { checkFinite, checkLabels, type CheckLabelsOptions, type NumericData } from './validation/check-values';
export { toTensor, type TensorInput, type NumericDtype } from './validation/to-tensor';

export { RandomSource } from './random/random-source';
export { flattenRows } from './tensor/flatten-rows';
export { treeSum } from './tensor/tree-sum';

export {
  lsceForwardBackward,
  prepareLsceForwardBackwardOptions,
  type LsceForwardBackwardOptions,
  type LsceForwardBackwardResult,
  type PreparedLsceForwardBackwardOptions,
} from './kernels/lsce-forward-backward';
export {
  calibrationStatistics,
  prepareCalibrationStatisticsOptions,
  type CalibrationStatisticsOptions,
  type CalibrationStatisticsResult,
  type PreparedCalibrationStatisticsOptions,
} from './kernels/calibration-statistics';
export {
  createTemperatureNll,
  prepareTemperatureNllData,
  type PreparedTemperatureNllData,
  type TemperatureNllData,
  type TemperatureNllResult,
} from './kernels/create-temperature-nll';
export { temperatureNll, prepareTemperatureNllOptions, type TemperatureNllOptions } from './kernels/temperature-nll';
export { fusedKernelsAvailable } from './kernels/fused-kernels-available';
export { viewTensorData } from './kernels/view-tensor-data';
export { createTensorWith } from './kernels/create-tensor-with';
export { setKernelThreads, startKernelThreads } from './kernels/set-kernel-threads';
