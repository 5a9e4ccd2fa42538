import { checkChoice, readOptions } from '@softlabels/core';

import type { LogitMutualInformationOptions } from '../logit-mutual-information-options';

/**
 * Normalises and checks the options of {@link logitMutualInformation}.
 * @internal
 */
export function prepareLogitMutualInformationOptions(options: unknown): Required<LogitMutualInformationOptions> {
  const record = readOptions(options, ['units'], 'logitMutualInformation');
  return {
    units: checkChoice(record.units ?? 'nats', ['nats', 'bits'] as const, 'options.units', 'logitMutualInformation'),
  };
}
