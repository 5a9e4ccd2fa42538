import { checkFunction, checkNumber, InvalidArgumentError, RandomSource, readOptions } from '@softlabels/core';

import type { AugmentFunction } from '../augment-function';
import type { EstimateLogitMutualInformationOptions } from '../estimate-logit-mutual-information-options';

/**
 * Normalises and checks the options of {@link estimateLogitMutualInformation}.
 * @internal
 */
export function prepareEstimateLogitMutualInformationOptions(
  options: unknown,
): Required<EstimateLogitMutualInformationOptions> {
  const functionName = 'estimateLogitMutualInformation';
  const record = readOptions(options, ['classes', 'augment', 'draws', 'seed', 'batchSize'], functionName);
  const classes = record.classes;
  const pair =
    Array.isArray(classes) &&
    classes.length === 2 &&
    classes.every((value) => Number.isInteger(value) && (value as number) >= 0) &&
    classes[0] !== classes[1];
  if (!pair) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.classes',
      value: classes,
      expected: 'be two different class indices [a, b]',
    });
  }
  const augment = checkFunction<AugmentFunction>(record.augment, 'options.augment', functionName);
  if (augment === undefined) {
    throw new InvalidArgumentError({
      functionName,
      parameter: 'options.augment',
      value: augment,
      expected: 'be a random augmentation function such as cropAndFlip()',
    });
  }
  return {
    classes: [classes[0] as number, classes[1] as number],
    augment,
    draws: checkNumber(record.draws ?? 5, 'options.draws', functionName, { min: 2, integer: true }),
    seed: checkNumber(record.seed ?? 0, 'options.seed', functionName, {
      min: RandomSource.MIN_SEED,
      max: RandomSource.MAX_SEED,
      integer: true,
    }),
    batchSize: checkNumber(record.batchSize ?? 256, 'options.batchSize', functionName, { min: 1, integer: true }),
  };
}
