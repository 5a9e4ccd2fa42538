import { describe, expect, it } from 'vitest';

import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { readOptions } from './read-options';

describe('readOptions', () => {
  it('gives an empty record for undefined and the object itself when every key is known', () => {
    expect(readOptions(undefined, ['a'], 'f')).toEqual({});
    const options = { a: 1, b: undefined };
    expect(readOptions(options, ['a', 'b'], 'f')).toBe(options);
  });

  it.each([null, 3, 'a', [1], true, new Map([['a', 1]]), new Date(0), new (class Options {})()])(
    'rejects %o as the options argument',
    (value) => {
      expect(() => readOptions(value, ['a'], 'f')).toThrow(
        "Argument 'options' passed to 'f' must be an options object (or undefined)",
      );
      expect(() => readOptions(value, ['a'], 'f')).toThrow(InvalidArgumentError);
    },
  );

  it('reads an object without a prototype', () => {
    const options = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    expect(readOptions(options, ['a'], 'f')).toBe(options);
  });

  it('names an unknown key and lists the known ones', () => {
    expect(() => readOptions({ epsilom: 0.1 }, ['epsilon', 'reduction'], 'myLoss')).toThrow(
      "Argument 'options.epsilom' passed to 'myLoss' must not be set: known options are epsilon, reduction",
    );
  });

  it('names a nested options argument by the parameter it is given', () => {
    expect(() => readOptions({ x: 1 }, [], 'f', 'options.png')).toThrow("Argument 'options.png.x' passed to 'f'");
  });
});
