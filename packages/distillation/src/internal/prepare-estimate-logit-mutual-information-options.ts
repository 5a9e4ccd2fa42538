import { checkNumber, InvalidArgumentError } from '@softlabels/core';

import type { AugmentFunction } from '../crop-and-flip';
import { checkFunction, checkOptionsObject } from './check-options-object';

/** Options of {@link estimateLogitMutualInformation}. */
export interface EstimateLogitMutualInformationOptions {
  /** The two classes `[a, b]` whose logit difference `z_a − z_b` is measured (e.g. airplane and dog). */
  classes: readonly [number, number];
  /** The random augmentation d(·), e.g. {@link cropAndFlip}. Required: without randomness σ² is 0. */
  augment: AugmentFunction;
  /** L, the number of draws per example for μ_x and σ² (integer ≥ 2). Default 5, as in the paper. */
  draws?: number;
  /** Seed of the augmentation's random source. Default 0. */
  seed?: number;
  /** Batch size of `model.predict`. Default 256. */
  batchSize?: number;
}

/**
 * Normalises and checks the options of {@link estimateLogitMutualInformation}.
 * @internal
 */
export function prepareEstimateLogitMutualInformationOptions(
  options: unknown,
): Required<EstimateLogitMutualInformationOptions> {
  const functionName = 'estimateLogitMutualInformation';
  const record = checkOptionsObject(options, 'options', functionName);
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
    seed: checkNumber(record.seed ?? 0, 'options.seed', functionName, { integer: true }),
    batchSize: checkNumber(record.batchSize ?? 256, 'options.batchSize', functionName, { min: 1, integer: true }),
  };
}
