import { checkNumber, InvalidArgumentError, RandomSource, readOptions } from '@softlabels/core';

import type { CropAndFlipOptions } from '../crop-and-flip-options';
import type { RandomCropOptions } from '../random-crop-options';
import type { RandomHorizontalFlipOptions } from '../random-horizontal-flip-options';

function checkRandom(value: unknown, functionName: string): RandomSource {
  if (!(value instanceof RandomSource)) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.random',
      value,
      expected: 'be a RandomSource from @softlabels/core',
    });
  }
  return value;
}

/**
 * Normalises and checks the options of {@link randomCrop}.
 * @internal
 */
export function prepareRandomCropOptions(options: unknown): Required<RandomCropOptions> {
  const record = readOptions(options, ['padding', 'random'], 'randomCrop');
  return {
    padding: checkNumber(record.padding ?? 4, 'options.padding', 'randomCrop', { min: 0, integer: true }),
    random: checkRandom(record.random, 'randomCrop'),
  };
}

/**
 * Normalises and checks the options of {@link randomHorizontalFlip}.
 * @internal
 */
export function prepareRandomHorizontalFlipOptions(options: unknown): Required<RandomHorizontalFlipOptions> {
  const record = readOptions(options, ['probability', 'random'], 'randomHorizontalFlip');
  return {
    probability: checkNumber(record.probability ?? 0.5, 'options.probability', 'randomHorizontalFlip', {
      min: 0,
      max: 1,
    }),
    random: checkRandom(record.random, 'randomHorizontalFlip'),
  };
}

/**
 * Normalises and checks the options of {@link cropAndFlip}.
 * @internal
 */
export function prepareCropAndFlipOptions(options: unknown): Required<CropAndFlipOptions> {
  const record = readOptions(options, ['padding', 'flipProbability'], 'cropAndFlip');
  return {
    padding: checkNumber(record.padding ?? 4, 'options.padding', 'cropAndFlip', { min: 0, integer: true }),
    flipProbability: checkNumber(record.flipProbability ?? 0.5, 'options.flipProbability', 'cropAndFlip', {
      min: 0,
      max: 1,
    }),
  };
}
