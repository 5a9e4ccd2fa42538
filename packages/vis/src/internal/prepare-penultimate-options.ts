import { checkNumber } from '@softlabels/core';

import type { PenultimateActivationsOptions } from '../projection/penultimate-activations';

/** Normalised options of `penultimateActivations`. */
export interface PreparedPenultimateActivationsOptions {
  batchSize: number;
}

/** Validates and fills in the options of `penultimateActivations`. */
export function preparePenultimateActivationsOptions(
  options: PenultimateActivationsOptions,
): PreparedPenultimateActivationsOptions {
  const batchSize = checkNumber(options.batchSize ?? 256, 'options.batchSize', 'penultimateActivations', {
    min: 1,
    integer: true,
  });
  return { batchSize };
}
