import { checkNumber, InvalidArgumentError, RandomSource } from '@softlabels/core';

import { checkOptionsObject } from './check-options-object';

/** Options of {@link randomCrop}. */
export interface RandomCropOptions {
  /** Zero padding added on every side before cropping back to the original size (integer ≥ 0). Default 4. */
  padding?: number;
  /** The seeded source of the crop offsets. */
  random: RandomSource;
}

/** Options of {@link randomHorizontalFlip}. */
export interface RandomHorizontalFlipOptions {
  /** Probability that an image is mirrored, in [0, 1]. Default 0.5. */
  probability?: number;
  /** The seeded source of the coin flips. */
  random: RandomSource;
}

/** Options of {@link cropAndFlip}. */
export interface CropAndFlipOptions {
  /** Zero padding before the random crop (integer ≥ 0). Default 4, as in the paper's CIFAR setting. */
  padding?: number;
  /** Probability of a horizontal flip, in [0, 1]. Default 0.5. */
  flipProbability?: number;
}

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
  const record = checkOptionsObject(options, 'options', 'randomCrop');
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
  const record = checkOptionsObject(options, 'options', 'randomHorizontalFlip');
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
  const record = checkOptionsObject(options, 'options', 'cropAndFlip');
  return {
    padding: checkNumber(record.padding ?? 4, 'options.padding', 'cropAndFlip', { min: 0, integer: true }),
    flipProbability: checkNumber(record.flipProbability ?? 0.5, 'options.flipProbability', 'cropAndFlip', {
      min: 0,
      max: 1,
    }),
  };
}
