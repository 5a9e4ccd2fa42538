export { labelSmoothingCrossEntropy, type LabelSmoothingCrossEntropyOptions } from './label-smoothing-cross-entropy';
export type { ClassVector, Reduction } from './types';
export {
  binaryLabelSmoothingCrossEntropy,
  type BinaryLabelSmoothingCrossEntropyOptions,
} from './binary-label-smoothing-cross-entropy';
export { smoothLabels, type SmoothLabelsOptions } from './smooth-labels';
export { labelSmoothingLoss, type LabelSmoothingLossOptions } from './label-smoothing-loss';
