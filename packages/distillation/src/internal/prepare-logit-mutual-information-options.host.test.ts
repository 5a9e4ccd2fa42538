import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { prepareLogitMutualInformationOptions } from './prepare-logit-mutual-information-options';

describe('prepareLogitMutualInformationOptions', () => {
  it('defaults to nats and keeps bits', () => {
    expect(prepareLogitMutualInformationOptions(undefined)).toEqual({ units: 'nats' });
    expect(prepareLogitMutualInformationOptions({ units: 'bits' })).toEqual({ units: 'bits' });
  });

  it.each([[{ units: 'bans' }], [null], [[1]], [{ unit: 'bits' }]])('rejects %o', (options) => {
    expect(() => prepareLogitMutualInformationOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareLogitMutualInformationOptions(options)).toThrow("passed to 'logitMutualInformation'");
  });
});
