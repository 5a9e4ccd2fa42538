export { distillationLoss } from './distillation-loss';
export type {
  DistillationForm,
  DistillationLossOptions,
  DistillationReduction,
  HardLabelLoss,
} from './distillation-loss-options';
export { teacherSmoothness } from './teacher-smoothness';
export type { TeacherSmoothnessOptions } from './teacher-smoothness-options';
export { logitMutualInformation, type LogitDifferenceDraws } from './logit-mutual-information';
export type { LogitMutualInformationOptions } from './logit-mutual-information-options';
export {
  estimateLogitMutualInformation,
  type LogitMutualInformationEstimate,
} from './estimate-logit-mutual-information';
export type { EstimateLogitMutualInformationOptions } from './estimate-logit-mutual-information-options';
export type { LogitModel } from './internal/logit-model';
export type { AugmentFunction } from './augment-function';
export { randomCrop } from './random-crop';
export type { RandomCropOptions } from './random-crop-options';
export { randomHorizontalFlip } from './random-horizontal-flip';
export type { RandomHorizontalFlipOptions } from './random-horizontal-flip-options';
export { cropAndFlip } from './crop-and-flip';
export type { CropAndFlipOptions } from './crop-and-flip-options';
export { distil, type DistilArguments, type DistilData, type DistilResult } from './distil';
export type { DistilEpochMetrics, DistilOptions, DistilProgress, DistilValidationData } from './distil-options';
