import type { BootstrapOption, BootstrapOptions } from './bootstrap-options';
import type { InputOptions } from './input-options';
import type { LabelOptions } from './label-options';

/** Options of `brierScore`, `negativeLogLikelihood` and `accuracy`. */
export type ScoreOptions<B extends BootstrapOptions | undefined = undefined> = InputOptions &
  LabelOptions &
  BootstrapOption<B>;
