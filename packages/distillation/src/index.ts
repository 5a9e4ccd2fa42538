export { distillationLoss } from './distillation-loss';
export type {
  DistillationForm,
  DistillationLossOptions,
  DistillationReduction,
  HardLabelLoss,
} from './internal/prepare-distillation-loss-options';
export { teacherSmoothness } from './teacher-smoothness';
export type { TeacherSmoothnessOptions } from './internal/prepare-teacher-smoothness-options';
export { logitMutualInformation, type LogitDifferenceDraws } from './logit-mutual-information';
export type { LogitMutualInformationOptions } from './internal/prepare-logit-mutual-information-options';
export {
  estimateLogitMutualInformation,
  type LogitMutualInformationEstimate,
} from './estimate-logit-mutual-information';
export type { EstimateLogitMutualInformationOptions } from './internal/prepare-estimate-logit-mutual-information-options';
export type { LogitModel } from './internal/logit-model';
export { randomCrop } from './random-crop';
export { randomHorizontalFlip } from './random-horizontal-flip';
export { cropAndFlip, type AugmentFunction } from './crop-and-flip';
export type {
  CropAndFlipOptions,
  RandomCropOptions,
  RandomHorizontalFlipOptions,
} from './internal/prepare-augmentation-options';
export { distil, type DistilArguments, type DistilData, type DistilResult } from './distil';
export type {
  DistilEpochMetrics,
  DistilOptions,
  DistilProgress,
  DistilValidationData,
} from './internal/prepare-distil-options';
