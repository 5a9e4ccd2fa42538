export { testBackend, tolerance, type TestBackend, type Tolerance } from './test-backend';
export { expectClose } from './expect-close';
export { expectIdentical } from './expect-identical';
export { expectNoLeak } from './expect-no-leak';
export { captureWarnings, type WarningChannel } from './capture-warnings';
export { loadFixture } from './load-fixture';
export { spyOnKernel, withoutKernel } from './kernel-spy';
export { withChromium, type WithChromiumOptions } from './with-chromium';
export {
  collectPropertySuites,
  definePropertySuite,
  propertySeed,
  toProperty,
  type PropertyDefinition,
  type PropertySuite,
} from './property/property-suite';
export {
  classCounts,
  classWeightsRecipe,
  type ClassWeightsRecipe,
  priorRecipe,
  type PriorRecipe,
  realiseClassWeights,
  realiseDistributions,
  realisePrior,
  realiseValues,
  SeededValues,
  THREAD_THRESHOLD_ELEMENTS,
  thresholdShape,
  VALUE_LIMIT,
  valueRecipe,
  type ValueRecipe,
  type ValueStyle,
} from './property/seeded-values';
export {
  expectNoTensorLeak,
  expectUnrelatedOpsIntact,
  HeapLayout,
  type Placement,
  type PlacedArray,
  placeArray,
  type Slab,
  slabValues,
  slabView,
} from './property/heap-layout';
export { type Bound, expectSameBits, expectWithin, FLOAT32_BOUND, FLOAT64_BOUND } from './property/expect-within';
export {
  batchMatMulReference,
  binaryCrossEntropyReference,
  type BinaryCrossEntropyReference,
  calibrationRowsReference,
  type CalibrationRowsReference,
  distillationReference,
  type DistillationReference,
  type DistillationReferenceInput,
  type HostTensor,
  logSoftmaxRow,
  lsceReference,
  type LsceReference,
  type LsceReferenceInput,
  reduceReference,
  temperatureNllReference,
  type TemperatureNllReference,
  uniformBinReference,
} from './property/float64-references';
export {
  confidencePenaltyReference,
  type ConfidencePenaltyReference,
  focalLossReference,
  type RowLossReference,
  type RowLossReferenceInput,
} from './property/row-loss-references';
export {
  binEdges,
  binnedError,
  binnedReference,
  binOf,
  type BinningCandidates,
  type BinState,
  debiasedBinnedError,
  expectBinnedValue,
  expectSomeBinning,
} from './property/binned-reference';
export {
  calibrationArguments,
  calibrationCase,
  type CalibrationCase,
  type CalibrationData,
  calibrationPrecision,
  classCandidates,
  type LabelsForm,
  realiseCalibrationCase,
  type ScoresForm,
  topLabelCandidates,
} from './property/calibration-cases';
