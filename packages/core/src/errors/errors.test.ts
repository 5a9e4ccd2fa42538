import { describe, expect, it } from 'vitest';

import { BackendUnavailableError } from './backend-unavailable-error';
import { InvalidArgumentError } from './invalid-argument-error';
import { ShapeMismatchError } from './shape-mismatch-error';
import { SoftlabelsError } from './softlabels-error';

describe('error classes', () => {
  it('name the argument and the function', () => {
    const error = new InvalidArgumentError({
      functionName: 'labelSmoothingCrossEntropy',
      parameter: 'options.epsilon',
      value: 1.5,
      expected: 'be in [0, 1]',
    });
    expect(error.message).toBe(
      "Argument 'options.epsilon' passed to 'labelSmoothingCrossEntropy' must be in [0, 1], but got 1.5.",
    );
    expect(error.name).toBe('InvalidArgumentError');
    expect(error.parameter).toBe('options.epsilon');
    expect(error.functionName).toBe('labelSmoothingCrossEntropy');
    expect(error).toBeInstanceOf(Error);
  });

  it('report shapes', () => {
    const error = new ShapeMismatchError({
      functionName: 'f',
      parameter: 'x',
      actual: [2, 3],
      expected: 'have rank 3',
    });
    expect(error.message).toBe("Argument 'x' passed to 'f' must have rank 3, but has shape [2, 3].");
    expect(error.actual).toEqual([2, 3]);
  });

  it('keep the cause of an unavailable backend', () => {
    const cause = new Error('addon missing');
    const error = new BackendUnavailableError({ backend: 'cuda', reason: 'install it.', cause });
    expect(error.cause).toBe(cause);
    expect(error.backend).toBe('cuda');
    expect(error.message).toBe("Backend 'cuda' is unavailable: install it.");
  });

  it('recognise instances across copies through global symbols, and only their own kind', () => {
    const invalid = new InvalidArgumentError({ functionName: 'f', parameter: 'p', value: 0, expected: 'be 1' });
    const shape = new ShapeMismatchError({ functionName: 'f', parameter: 'p', actual: [1], expected: 'be 2' });
    expect(SoftlabelsError.isInstance(invalid)).toBe(true);
    expect(InvalidArgumentError.isInstance(invalid)).toBe(true);
    expect(ShapeMismatchError.isInstance(invalid)).toBe(false);
    expect(InvalidArgumentError.isInstance(shape)).toBe(false);
    expect(SoftlabelsError.isInstance(new Error('plain'))).toBe(false);
    expect(SoftlabelsError.isInstance(null)).toBe(false);
    // An object shaped by another copy of the package carries the same global symbol.
    const foreign = {
      [Symbol.for('softlabels.error')]: true,
      [Symbol.for('softlabels.error.InvalidArgumentError')]: true,
    };
    expect(SoftlabelsError.isInstance(foreign)).toBe(true);
    expect(InvalidArgumentError.isInstance(foreign)).toBe(true);
  });

  it('show rejected values briefly', () => {
    const long = new InvalidArgumentError({
      functionName: 'f',
      parameter: 'p',
      value: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      expected: 'be short',
    });
    expect(long.message).toContain('[1, 2, 3, 4, 5, 6, 7, 8, …]');
    const text = new InvalidArgumentError({ functionName: 'f', parameter: 'p', value: 'tpu', expected: 'be known' });
    expect(text.message).toContain('but got "tpu"');
  });
});
