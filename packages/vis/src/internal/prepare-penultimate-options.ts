import { checkNumber, readOptions } from '@softlabels/core';

import type { PenultimateActivationsOptions } from '../projection/penultimate-activations-options';

/** Normalised options of `penultimateActivations`. */
export interface PreparedPenultimateActivationsOptions {
  batchSize: number;
}

/** Validates and fills in the options of `penultimateActivations`. */
export function preparePenultimateActivationsOptions(
  options: PenultimateActivationsOptions,
): PreparedPenultimateActivationsOptions {
  const record = readOptions(options, ['batchSize'], 'penultimateActivations');
  const batchSize = checkNumber(record.batchSize ?? 256, 'options.batchSize', 'penultimateActivations', {
    min: 1,
    integer: true,
  });
  return { batchSize };
}
