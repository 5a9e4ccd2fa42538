import { checkBoolean, checkNumber, readClassVector, readOptions } from '@softlabels/core';
import type { SmoothLabelsOptions } from '../smooth-labels-options';

const NAME = 'smoothLabels';
const KEYS = ['epsilon', 'prior', 'checks'] as const;

/** Normalised {@link SmoothLabelsOptions}. */
export interface PreparedSmoothLabelsOptions {
  epsilon: number;
  /** null: uniform. */
  prior: Float32Array | null;
  checks: boolean;
}

/** Validates and normalises the options of `smoothLabels` for `numClasses` classes. */
export function prepareSmoothLabelsOptions(
  options: SmoothLabelsOptions | undefined,
  numClasses: number,
): PreparedSmoothLabelsOptions {
  const record = readOptions(options, KEYS, NAME);
  const { epsilon = 0.1, prior, checks } = record;
  return {
    epsilon: checkNumber(epsilon, 'options.epsilon', NAME, { min: 0, max: 1 }),
    prior:
      prior === undefined
        ? null
        : readClassVector(prior, 'options.prior', NAME, { length: numClasses, distribution: true }),
    checks: checkBoolean(checks, true, 'options.checks', NAME),
  };
}
