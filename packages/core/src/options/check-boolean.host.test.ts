import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkBoolean } from './check-boolean';

describe('checkBoolean', () => {
  it('returns the value, or the fallback when it is undefined', () => {
    expect(checkBoolean(false, true, 'options.checks', 'f')).toBe(false);
    expect(checkBoolean(true, false, 'options.checks', 'f')).toBe(true);
    expect(checkBoolean(undefined, true, 'options.checks', 'f')).toBe(true);
  });

  it.each([0, 1, 'true', null, {}])('rejects %o', (value) => {
    expect(() => checkBoolean(value, true, 'options.checks', 'f')).toThrow(
      "Argument 'options.checks' passed to 'f' must be true or false",
    );
    expect(() => checkBoolean(value, true, 'options.checks', 'f')).toThrow(InvalidArgumentError);
  });
});
