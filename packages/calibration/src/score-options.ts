import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';

/** Options of `brierScore`, `negativeLogLikelihood` and `accuracy`. */
export type ScoreOptions = InputOptions & LabelOptions;
