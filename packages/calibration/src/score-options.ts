import type { InputOptions } from './input-options';

/** Options of `brierScore`, `negativeLogLikelihood` and `accuracy`. */
export type ScoreOptions = InputOptions;
