export { SoftlabelsError, type SoftlabelsErrorOptions } from './errors/softlabels-error';
export { InvalidArgumentError, type InvalidArgumentErrorOptions } from './errors/invalid-argument-error';
export { ShapeMismatchError, type ShapeMismatchErrorOptions } from './errors/shape-mismatch-error';
export { BackendUnavailableError, type BackendUnavailableErrorOptions } from './errors/backend-unavailable-error';
export { KernelError, type KernelErrorOptions } from './errors/kernel-error';
export { NoActiveBackendError, type NoActiveBackendErrorOptions } from './errors/no-active-backend-error';

export { initBackend, type InitBackendOptions } from './backend/init-backend';
export { describeBackend, type BackendInfo, type BackendName } from './backend/backend-info';
export type { WasmPaths } from './backend/load-backend';

export { checkNumber, checkChoice, type NumberConstraints } from './validation/check-number';
export { checkRank, checkShape, classCount } from './validation/check-shape';
export { checkFinite, checkLabels, type CheckLabelsOptions, type NumericData } from './validation/check-values';
export { checkLiveTensor } from './validation/check-live-tensor';
export { toTensor, type TensorInput, type NumericDtype } from './validation/to-tensor';

export { RandomSource } from './random/random-source';
export { flattenRows } from './tensor/flatten-rows';
export { treeSum } from './tensor/tree-sum';

export type { Reduction } from './options/reduction';
export { readOptions } from './options/read-options';
export { TEMPERATURE_RANGE } from './options/temperature-range';
export { checkBoolean } from './options/check-boolean';
export { checkFunction } from './options/check-function';
export { readClassVector, type ClassVectorRequirements } from './options/read-class-vector';
export { readHostMatrix, readHostVector, type HostMatrix, type MatrixInput } from './options/read-host-matrix';
export {
  readLogitsAndLabels,
  type LogitsAndLabels,
  type ReadLogitsAndLabelsOptions,
} from './options/read-logits-and-labels';

export {
  setWarningHandler,
  warnOnce,
  resetWarnings,
  type SoftlabelsWarning,
  type WarningHandler,
} from './warnings/warning-channel';
export { rowsLookLikeProbabilities } from './warnings/rows-look-like-probabilities';
