import { describe, expect, it } from 'vitest';

import { parseFuzzArguments } from './parse-arguments';

describe('parseFuzzArguments', () => {
  it('reads minutes, seed, backend and filter', () => {
    expect(parseFuzzArguments(['--minutes', '2.5', '--seed', '42', '--backend', 'cpu', '--filter', 'gather'])).toEqual({
      minutes: 2.5,
      seed: 42,
      backends: ['cpu'],
      filter: 'gather',
    });
  });

  it('defaults to one minute on both backends, seeded from the clock', () => {
    expect(parseFuzzArguments([], 1234)).toEqual({
      minutes: 1,
      seed: 1234,
      backends: ['wasm', 'cpu'],
      filter: undefined,
    });
  });

  it.each([
    [['--minutes', '0'], '--minutes'],
    [['--minutes', 'soon'], '--minutes'],
    [['--seed', '-1'], '--seed'],
    [['--seed', '1.5'], '--seed'],
    [['--backend', 'webgl'], '--backend'],
    [['--speed', 'fast'], 'usage'],
  ])('rejects %o', (args, message) => {
    expect(() => parseFuzzArguments(args)).toThrow(message);
  });
});
