import { resolve } from 'node:path';

import { InvalidArgumentError } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import { ALL_ALTERNATIVES } from '../stages/training-alternative';
import { DEFAULT_OUT, prepareExampleOptions } from './prepare-example-options';

describe('prepareExampleOptions', () => {
  it('gives the default run without flags', () => {
    const options = prepareExampleOptions({});
    expect(options).toMatchObject({
      dataset: 'fashion-mnist',
      backend: 'wasm',
      preset: 'default',
      seeds: 3,
      teacher: { kind: 'cnn', filters: [16, 32], dense: [64] },
      epochs: 10,
      trainSize: 4000,
      epsilons: [0, 0.05, 0.1, 0.3],
      alternatives: ALL_ALTERNATIVES,
      augment: true,
      distillation: true,
      out: DEFAULT_OUT,
      transferSize: 2000,
      student: { kind: 'mlp', hidden: [64] },
      studentEpochs: 10,
      hardTemperatures: [1, 2, 3, 4, 8, 16],
      smoothedTemperatures: [1, 2, 4],
      miExamplesPerClass: 300,
      miDraws: 5,
    });
    expect(DEFAULT_OUT).toBe(resolve(import.meta.dirname, '../../out'));
  });

  it('gives a smaller configuration with --quick, and flags override it', () => {
    const quick = prepareExampleOptions({ quick: true });
    expect(quick.preset).toBe('quick');
    expect(quick.epochs).toBeLessThan(10);
    expect(quick.seeds).toBe(2);
    expect(quick.alternatives).toEqual([
      { loss: 'focal', gamma: 'flsd-53' },
      { loss: 'confidence-penalty', beta: 0.1 },
    ]);
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

  it("gives the paper's grid with --preset paper, and --model / --student swap the networks", () => {
    expect(prepareExampleOptions({ preset: 'paper' })).toMatchObject({
      preset: 'paper',
      teacher: { kind: 'cnn', filters: [32, 64], dense: [128] },
      student: { kind: 'cnn', filters: [8, 16], dense: [] },
      epsilons: [0, 0.1, 0.2, 0.3, 0.45, 0.6],
      hardTemperatures: [1, 2, 3, 4, 8, 16],
      smoothedTemperatures: [1, 2, 4, 8],
      epochs: 12,
      studentEpochs: 10,
      alternatives: ALL_ALTERNATIVES,
    });
    expect(prepareExampleOptions({ alternatives: 'none' }).alternatives).toEqual([]);
    expect(prepareExampleOptions({ quick: true, alternatives: 'all' }).alternatives).toEqual(ALL_ALTERNATIVES);
    expect(prepareExampleOptions({ alternatives: 'focal:0.5,penalty:1' }).alternatives).toEqual([
      { loss: 'focal', gamma: 0.5 },
      { loss: 'confidence-penalty', beta: 1 },
    ]);
    expect(prepareExampleOptions({ augment: false }).augment).toBe(false);
    expect(prepareExampleOptions({ model: 'mlp', student: 'cnn' })).toMatchObject({
      teacher: { kind: 'mlp', hidden: [128, 128] },
      student: { kind: 'cnn' },
    });
    expect(prepareExampleOptions({ model: 'resnet' }).teacher).toEqual({ kind: 'resnet', widths: [16, 32, 64] });
    expect(prepareExampleOptions({ preset: 'paper', model: 'cnn' }).teacher).toMatchObject({ filters: [32, 64] });
  });

  it.each([
    [{ preset: 'huge' }, '--preset'],
    [{ quick: true, preset: 'paper' }, '--quick'],
    [{ model: 'vgg' }, '--model'],
    [{ student: 'resnet' }, '--student'],
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
    [{ alternatives: 'focal' }, '--alternatives'],
    [{ alternatives: 'focal:-1' }, '--alternatives'],
    [{ alternatives: 'penalty:flsd-53' }, '--alternatives'],
    [{ alternatives: 'focal:1,focal:1' }, '--alternatives'],
    [{ alternatives: 'label:0.1' }, '--alternatives'],
  ])('rejects %j naming the flag', (raw, flag) => {
    const attempt = () => prepareExampleOptions(raw);
    expect(attempt).toThrow(InvalidArgumentError);
    expect(attempt).toThrow(`Argument '${flag}' passed to 'pnpm example'`);
  });
});
