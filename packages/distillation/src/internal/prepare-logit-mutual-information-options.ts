import { checkChoice } from '@softlabels/core';

import { checkOptionsObject } from './check-options-object';

/** Options of {@link logitMutualInformation}. */
export interface LogitMutualInformationOptions {
  /** `'nats'` (default, natural log as in the paper) or `'bits'`. */
  units?: 'nats' | 'bits';
}

/**
 * Normalises and checks the options of {@link logitMutualInformation}.
 * @internal
 */
export function prepareLogitMutualInformationOptions(options: unknown): Required<LogitMutualInformationOptions> {
  const record = checkOptionsObject(options, 'options', 'logitMutualInformation');
  return {
    units: checkChoice(record.units ?? 'nats', ['nats', 'bits'] as const, 'options.units', 'logitMutualInformation'),
  };
}
