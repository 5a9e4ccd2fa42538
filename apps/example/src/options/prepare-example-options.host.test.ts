import { resolve } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { DEFAULT_OUT, prepareExampleOptions } from './prepare-example-options';

describe('prepareExampleOptions', () => {
  it('gives the default run without flags', () => {
    const options = prepareExampleOptions({});
    expect(options).toMatchObject({
      dataset: 'fashion-mnist',
      backend: 'wasm',
      seeds: 3,
      epochs: 20,
      trainSize: 10000,
      epsilons: [0, 0.02, 0.05, 0.1],
      quick: false,
      distillation: true,
      out: DEFAULT_OUT,
      transferSize: 2000,
      studentHidden: [128],
      studentEpochs: 60,
    });
    expect(DEFAULT_OUT).toBe(resolve(import.meta.dirname, '../../out'));
  });

  it('gives a smaller configuration with --quick, and flags override it', () => {
    const quick = prepareExampleOptions({ quick: true });
    expect(quick.quick).toBe(true);
    expect(quick.epochs).toBeLessThan(10);
    expect(quick.seeds).toBe(2);
    const tuned = prepareExampleOptions({
      quick: true,
      seeds: '4',
      epochs: '3',
      trainSize: '300',
      epsilons: '0, 0.05,0.2',
      out: 'rel/out',
      dataset: 'mnist',
      backend: 'cpu',
      distillation: false,
    });
    expect(tuned).toMatchObject({
      seeds: 4,
      epochs: 3,
      trainSize: 300,
      transferSize: 300,
      epsilons: [0, 0.05, 0.2],
      out: resolve('rel/out'),
      dataset: 'mnist',
      backend: 'cpu',
      distillation: false,
    });
  });

  it.each([
    [{ seeds: '0' }, '--seeds'],
    [{ seeds: '2.5' }, '--seeds'],
    [{ epochs: '-1' }, '--epochs'],
    [{ trainSize: '100' }, '--train-size'],
    [{ epsilons: '0' }, '--epsilons'],
    [{ epsilons: '0.1,0' }, '--epsilons'],
    [{ epsilons: '0,0.1,0.1' }, '--epsilons'],
    [{ epsilons: '0,1' }, '--epsilons'],
    [{ epsilons: '0,abc' }, '--epsilons'],
    [{ backend: 'gpu' }, '--backend'],
    [{ dataset: ' ' }, '--dataset'],
    [{ out: '' }, '--out'],
  ])('rejects %j naming the flag', (raw, flag) => {
    const attempt = () => prepareExampleOptions(raw);
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(`Argument '${flag}' passed to 'pnpm example'`);
  });
});
