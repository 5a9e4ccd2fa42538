import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkFunction } from './check-function';

describe('checkFunction', () => {
  it('returns a function as it is and undefined when unset', () => {
    const callback = (): number => 1;
    expect(checkFunction(callback, 'options.onEpoch', 'f')).toBe(callback);
    expect(checkFunction(undefined, 'options.onEpoch', 'f')).toBeUndefined();
  });

  it.each([1, 'f', null, {}])('rejects %o', (value) => {
    expect(() => checkFunction(value, 'options.onEpoch', 'f')).toThrow(
      "Argument 'options.onEpoch' passed to 'f' must be a function",
    );
    expect(() => checkFunction(value, 'options.onEpoch', 'f')).toThrow(InvalidArgumentError);
  });
});
