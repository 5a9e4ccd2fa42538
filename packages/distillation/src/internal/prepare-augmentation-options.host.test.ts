import { InvalidArgumentError, RandomSource } from '@softlabels/core';
import { describe, expect, it } from 'vitest';

import {
  prepareCropAndFlipOptions,
  prepareRandomCropOptions,
  prepareRandomHorizontalFlipOptions,
} from './prepare-augmentation-options';

const random = new RandomSource(1);

describe('prepareRandomCropOptions', () => {
  it('defaults the padding to 4 and keeps the random source', () => {
    expect(prepareRandomCropOptions({ random })).toEqual({ padding: 4, random });
    expect(prepareRandomCropOptions({ random, padding: 0 }).padding).toBe(0);
  });

  it.each([
    [{ random, padding: -1 }],
    [{ random, padding: 1.5 }],
    [{ padding: 2 }],
    [{ random: Math.random, padding: 2 }],
    [{ random, pad: 2 }],
  ])('rejects %o', (options) => {
    expect(() => prepareRandomCropOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareRandomCropOptions(options)).toThrow("passed to 'randomCrop'");
  });
});

describe('prepareRandomHorizontalFlipOptions', () => {
  it('defaults the probability to 0.5', () => {
    expect(prepareRandomHorizontalFlipOptions({ random })).toEqual({ probability: 0.5, random });
  });

  it.each([[{ random, probability: 1.1 }], [{ random, probability: -0.1 }], [undefined], [{ random, chance: 0.5 }]])(
    'rejects %o',
    (options) => {
      expect(() => prepareRandomHorizontalFlipOptions(options)).toThrow(InvalidArgumentError);
      expect(() => prepareRandomHorizontalFlipOptions(options)).toThrow("passed to 'randomHorizontalFlip'");
    },
  );
});

describe('prepareCropAndFlipOptions', () => {
  it('defaults to padding 4 and flip probability 0.5', () => {
    expect(prepareCropAndFlipOptions(undefined)).toEqual({ padding: 4, flipProbability: 0.5 });
    expect(prepareCropAndFlipOptions({ padding: 2, flipProbability: 1 })).toEqual({ padding: 2, flipProbability: 1 });
  });

  it.each([[{ padding: -2 }], [{ flipProbability: 2 }], ['wide'], [{ probability: 0.5 }]])('rejects %o', (options) => {
    expect(() => prepareCropAndFlipOptions(options)).toThrow(InvalidArgumentError);
    expect(() => prepareCropAndFlipOptions(options)).toThrow("passed to 'cropAndFlip'");
  });
});
